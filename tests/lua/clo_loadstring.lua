local a = 'outer'
local f = loadstring("local a = 'inner'; return function() return a end")
local g = f()
print(g(), a)
x = 'global'
local h = loadstring("return x")
print(h())
local chunk = loadstring("local n = ... ; return n * 2")
print(chunk(21))
local env = {y = 5}
local k = loadstring("return y")
setfenv(k, env)
print(k())
print(getfenv(k) == env, getfenv(print) == _G, getfenv(0) == _G)
local function setter() setfenv(1, {print = print, z = 'in env'}) print(z) end
setter()
