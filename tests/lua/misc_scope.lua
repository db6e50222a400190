local x = 1
do local x = 2 print(x) end
print(x)
local function shadow(x) local x = x + 1 return x end
print(shadow(5))
g1 = 'global'
local g1 = 'local'
print(g1, _G.g1)
local a, b, c = 1, 2
print(a, b, c)
local p, q = 1, 2, 3
print(p, q)
local u, v = 1, 2
u, v = v, u
print(u, v)
local t = {1, 2}
local i = 1
i, t[i] = i + 1, 'changed'
print(i, t[1], t[2])
local s = 'outer'
local function get() return s end
local s = 'shadowed'
print(get(), s)
print(type(undefined_thing))
