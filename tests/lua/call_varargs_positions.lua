-- ... expands fully only at the end of a list
local function three() return 1, 2, 3 end
local function show(...) print(select('#', ...), ...) end
local function f(...)
  show(...)
  show(..., "end")
  show("start", ...)
  show(..., ...)
  show((...))
  local t = {...}
  print(#t)
  local u = {..., "x"}
  print(u[1], u[2])
  local a, b = ...
  print(a, b)
  return ...
end
print(f(three()))
print(f())
print(f(nil, nil))
local function g(...) local x, y, z = ..., "tail" return x, y, z end
print(g(1, 2, 3))
local function h(...) return select('#', ...), ... end
print(h(h(1, 2)))
