-- each factory call gets independent state
local function make_counter(start, step)
  local n = start or 0
  step = step or 1
  return function() n = n + step return n end
end
local c1, c2 = make_counter(), make_counter(100, 10)
print(c1(), c1(), c1())
print(c2(), c2())
print(c1(), c2())
local c3 = make_counter(-1, -1)
for i = 1, 3 do io.write(c3(), " ") end
print()
local function make_pair()
  local value = 0
  local function get() return value end
  local function set(v) value = v end
  local function inc() value = value + 1 return get() end
  return get, set, inc
end
local get, set, inc = make_pair()
print(get(), inc(), inc())
set(50)
print(get(), inc())
local get2 = make_pair()
print(get2())
