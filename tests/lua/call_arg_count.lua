-- missing arguments become nil, extra arguments are dropped
local function three(a, b, c) return a, b, c end
print(three())
print(three(1))
print(three(1, 2, 3, 4, 5))
local function count_params(a, b) return select('#', a, b) end
print(count_params(), count_params(1, 2, 3))
local function defaults(x, y)
  x = x or "dx"
  if y == nil then y = "dy" end
  return x, y
end
print(defaults())
print(defaults(false, false))
print(defaults(nil, 0))
local function va(a, ...) return a, select('#', ...) end
print(va())
print(va(1, 2, 3))
local function noargs() return "called" end
print(noargs(1, 2, 3))
print(pcall(three, nil, nil, nil))
local called_with
local function spy(...) called_with = select('#', ...) end
spy(nil, nil, nil, nil, nil)
print(called_with)
