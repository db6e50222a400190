-- returning results of other calls
local function three() return 1, 2, 3 end
local function a() return three() end
local function b() return (three()) end
local function c() return three(), 10 end
local function d() return 10, three() end
local function e() local x = three() return x end
local function f() return end
local function g() return nil end
local function h(...) return ... end
print(a())
print(b())
print(c())
print(d())
print(e())
print(select('#', f()), select('#', g()), select('#', h()), select('#', h(nil)))
local function cond(x) if x then return three() else return "no" end end
print(cond(true))
print(cond(false))
local function loop()
  for i = 1, 3 do if i == 2 then return i, "found" end end
  return "not found"
end
print(loop())
local function nested() return a(), b(), c() end
print(nested())
