-- pairs visits every key exactly once (order normalized by sorting)
local t = {10, 20, 30, x = "a", y = "b", [100] = "c", [-1] = "d", [2.5] = "e"}
local seen = {}
for k, v in pairs(t) do seen[#seen + 1] = tostring(k) .. "->" .. tostring(v) end
table.sort(seen)
for _, s in ipairs(seen) do print(s) end
local big = {}
for i = 1, 100 do big["k" .. i] = i end
local sum, count = 0, 0
for k, v in pairs(big) do sum = sum + v count = count + 1 end
print(count, sum)
local modified = {a = 1, b = 2, c = 3, d = 4}
for k in pairs(modified) do modified[k] = nil end
print(next(modified))
local doubled = {a = 1, b = 2, c = 3}
for k, v in pairs(doubled) do doubled[k] = v * 2 end
local parts = {}
for k, v in pairs(doubled) do parts[#parts + 1] = k .. v end
table.sort(parts)
print(table.concat(parts, ","))
local f, s, init = pairs({})
print(type(f), init)
