local function counter()
  local c = 0
  return function() c = c + 1 return c end, function() return c end
end
local inc, get = counter()
inc() inc()
local inc2, get2 = counter()
inc2()
print(get(), get2())
local function outer()
  local a = 1
  local function mid()
    local b = 2
    local function inner() a = a + 1 b = b + 1 return a + b end
    return inner
  end
  return mid(), function() return a end
end
local inner, geta = outer()
print(inner(), inner(), geta())
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local function mk(n) return function(x) return x + n end end
local add5, add10 = mk(5), mk(10)
print(add5(1), add10(1))
local x = 1
local function f() return x end
x = 2
print(f())
local t = {}
do local y = 'block' t.f = function() return y end end
print(t.f())
