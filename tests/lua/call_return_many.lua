-- functions returning many values
local function range(n)
  local t = {}
  for i = 1, n do t[i] = i end
  return unpack(t)
end
print(range(0))
print(range(5))
print(select('#', range(100)))
local many = {range(250)}
print(#many, many[1], many[250])
local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + select(i, ...) end return s end
print(sum(range(250)))
local function swap(a, b) return b, a end
print(swap(swap(1, 2)))
local function rot(a, b, c) return b, c, a end
print(rot(rot(rot("x", "y", "z"))))
local function stats(...)
  local n = select('#', ...)
  local min, max, total = math.huge, -math.huge, 0
  for i = 1, n do
    local v = select(i, ...)
    if v < min then min = v end
    if v > max then max = v end
    total = total + v
  end
  return n, min, max, total / n
end
print(stats(4, 8, 15, 16, 23, 42))
