local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- table.remove: last element by default, shifting down, out-of-range positions do nothing
local t = {1, 2, 3, 4, 5}
print(table.remove(t), show(t))
print(table.remove(t, 1), show(t))
print(table.remove(t, 2), show(t))
print(select("#", table.remove({})), select("#", table.remove({}, 1)), table.remove({1, 2}, 3), table.remove({1, 2}, 0))
print(select("#", table.remove({n = 3})), table.remove({1, 2}, -1), table.remove({1, 2}, 1.9), table.remove({1, 2}, "2"))
local t = {1, 2, 3} print(table.remove(t, 2^32 + 1), show(t))
local t = {"a", "b", "c"} while #t > 0 do io.write(table.remove(t, 1), " ") end print(#t)
local t = {1, nil, 3} print(#t == 3 or #t == 1)
local t = {1, 2, 3, [5] = 5} print(table.remove(t), t[3], t[5])
print(pcall(table.remove), pcall(table.remove, "x"), pcall(table.remove, {}, "a"))
local t = {} for i = 1, 100 do t[i] = i end
local sum = 0 for i = 1, 50 do sum = sum + table.remove(t, 1) end print(sum, #t, t[1], t[50])
