-- closures created by loadstring'd code with their own locals
local src = [[
local count = 0
local function inc(n) count = count + (n or 1) return count end
return inc, function() return count end
]]
local f = loadstring(src)
local inc1, get1 = f()
local inc2, get2 = f()
inc1() inc1(5) inc2(100)
print(get1(), get2())
local make = loadstring("local prefix = ... return function(s) return prefix .. s end")
local hello, bye = make("hello "), make("bye ")
print(hello("world"), bye("world"))
local counter_src = "local n = 0 return function() n = n + 1 return n end"
local c = loadstring(counter_src)()
print(c(), c(), c())
print(loadstring("return local_outside")())
local local_outside = "not visible"
print(loadstring("return local_outside")())
global_visible = "global"
print(loadstring("return global_visible")())
local nested = loadstring("return loadstring('local z = 5 return function() return z * 2 end')()")()
print(nested())
