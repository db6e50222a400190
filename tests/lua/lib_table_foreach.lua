-- foreach/foreachi stop at the first non-nil result and return it
print(table.foreachi({"a", "b", "c"}, function(i, v) io.write(i, "=", v, " ") end))
print(table.foreachi({"a", "b", "c"}, function(i, v) if v == "b" then return i * 10, "extra" end end))
print(table.foreachi({"a", "b"}, function(i, v) return false end))
print(table.foreach({10}, function(k, v) return k + v end))
print(table.foreach({}, print), table.foreachi({}, print))
local keys = {}
table.foreach({x = 1, y = 2, z = 3}, function(k, v) keys[#keys + 1] = k .. v end)
table.sort(keys) print(table.concat(keys, " "))
local t = {1, 2, 3, 4}
table.foreachi(t, function(i, v) t[i + 1] = nil end) print(t[1], t[2], t[3], t[4])
local t = {1, 2, 3}
print(table.foreachi(t, function(i, v) t[#t + 1] = v return nil end), #t)
print(table.foreachi({1, nil, 3}, function(i, v) io.write(tostring(v), " ") end))
print(pcall(table.foreach, {}, 1), pcall(table.foreachi, 1, print), pcall(table.foreach))
print(pcall(table.foreachi, {1, 2, 3}, function(i) if i == 2 then error("at " .. i) end end))
print(pcall(table.foreachi, {1, 2, 3}, function(i) if i == 2 then error("at " .. i, 0) end end))
local n = 0 table.foreachi((function() local t = {} for i = 1, 10000 do t[i] = i end return t end)(), function(i, v) n = n + v end) print(n)
