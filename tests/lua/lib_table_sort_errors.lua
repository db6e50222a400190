local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- sort errors: bad arguments, incomparable values, invalid order functions, comparator errors
print(pcall(table.sort))
print(pcall(table.sort, "x"))
print(pcall(table.sort, {3, 2, 1}, 1))
print(pcall(table.sort, {3, 2, 1}, "f"))
print(pcall(table.sort, {3, 1, {}, 2}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, nil, 2}))
print(pcall(table.sort, {true, false}))
print(pcall(table.sort, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, function(a, b) return true end))
local t = {} for i = 1, 50 do t[i] = (i * 37) % 11 end
local ok, e = pcall(table.sort, t, function(a, b) return a <= b end) print(ok, e) print(show(t))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("boom") end))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("boom", 0) end))
print(pcall(table.sort, {3, 2, 1}, function(a, b) return a.x < b end))
local ok, e = pcall(function() table.sort({1, "2"}) end) print(ok, e)
