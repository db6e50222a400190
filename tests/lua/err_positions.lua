-- error positions report the line of the failing operation
local function f(t)
  local a = 1
  local b = a +
    t.x
  return b
end
print(pcall(f, {}))
local function g(t)
  return t
    .field
    .sub
end
print(pcall(g, {}))
local function h()
  local x = {}

  return x.a.b
end
print(pcall(h))
print(pcall(function() error("on this line") end))
local function multi(a,
                     b)
  return a ..
         b
end
print(pcall(multi, "a", nil))
print(pcall(function()
  local v = nil
  v()
end))
local s = [[
long
string]] local bad = pcall(function() return nil + 1 end)
print(select(2, pcall(function() return nil + 1 end)))
