-- next and manual traversal
local t = {a = 1, b = 2, c = 3}
local keys = {}
local k, v = next(t)
while k do
  keys[#keys + 1] = k .. "=" .. v
  k, v = next(t, k)
end
table.sort(keys)
print(table.concat(keys, " "))
print(next({}))
print(next({}, nil))
print(next({"only"}))
print(pcall(next, {}, "nonexistent"))
print(type(next), select("#", next({})))
local arr = {10, 20, 30}
local n = 0
for key in next, arr do n = n + key end
print(n)
local empty = {}
print(next(empty) == nil)
local with_nil = {x = nil, y = 1}
print(next(with_nil))
local single = {[5] = "five"}
print(next(single))
print(next(single, 5))
