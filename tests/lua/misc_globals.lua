x = 10
print(x, _G.x, _G['x'])
_G.y = 'via _G'
print(y)
local env = setmetatable({}, {__index = _G})
local f = loadstring('z = 5; return x')
setfenv(f, env)
print(f(), rawget(env, 'z'), z)
local reads = {}
local spy = setmetatable({}, {__index = function(t, k) reads[#reads + 1] = k return _G[k] end})
local g = loadstring('return tostring(1), type(2)')
setfenv(g, spy)
print(g())
print(table.concat(reads, ','))
print(rawequal(_G, getfenv()), type(getfenv(1)))
