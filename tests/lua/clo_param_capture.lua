-- parameters and varargs captured by closures
local function adder(x) return function(y) return x + y end end
local add5, add10 = adder(5), adder(10)
print(add5(1), add10(1), add5(add10(0)))
local function mutate_param(p)
  local get = function() return p end
  p = p .. " changed"
  return get
end
print(mutate_param("original")())
local function capture_args(...)
  local n = select('#', ...)
  local first = ...
  return function() return n, first end
end
print(capture_args("a", "b", "c")())
print(capture_args()())
local function bind(f, ...)
  local bound = {...}
  local nb = select('#', ...)
  return function(...)
    local all = {}
    for i = 1, nb do all[i] = bound[i] end
    local extra = {...}
    for i = 1, select('#', ...) do all[nb + i] = extra[i] end
    return f(unpack(all, 1, nb + select('#', ...)))
  end
end
print(bind(string.format, "%s-%s-%s", "x")("y", "z"))
print(bind(math.max, 3)(1, 7, 2))
