-- forwarding varargs through several layers
local function inner(...) return select('#', ...), ... end
local function middle(...) return inner(...) end
local function outer(...) return middle("pre", ...) end
print(outer())
print(outer(nil))
print(outer(1, nil, 3))
local function wrap(f) return function(...) return "wrapped", f(...) end end
local w = wrap(wrap(inner))
print(w(true, false))
local function curry(f, x) return function(...) return f(x, ...) end end
local add3 = function(a, b, c) return a + b + c end
print(curry(curry(add3, 1), 2)(3))
local function map(f, ...)
  if select('#', ...) == 0 then return end
  local first = ...
  return f(first), map(f, select(2, ...))
end
print(map(function(v) return v * 10 end, 1, 2, 3, 4))
local function apply(f, ...) return f(...) end
print(apply(math.max, 3, 9, 2), apply(string.rep, "ab", 3), apply(select, '#', nil, nil))
local function varargs_in_closure(...)
  local args = {...}
  local n = select('#', ...)
  return function() return n, unpack(args, 1, n) end
end
print(varargs_in_closure(1, nil, 3)())
