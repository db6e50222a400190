local t = {10, 20, 30, x = 1, y = 2}
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
local sum = 0
for i, v in ipairs(t) do sum = sum + v end
print(sum)
local holes = {1, 2, nil, 4}
local c = 0
for i, v in ipairs(holes) do c = c + 1 end
print(c)
local clear = {a = 1, b = 2, c = 3, d = 4, e = 5}
for k in pairs(clear) do clear[k] = nil end
print(next(clear))
print(pcall(next, {}, 'nokey'))
local keys = {}
for k, v in next, {p = 1, q = 2} do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys))
print(pcall(pairs, nil))
print(pcall(ipairs))
