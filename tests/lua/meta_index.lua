local base = {greet = function() return 'hi' end, x = 1}
local derived = setmetatable({y = 2}, {__index = base})
print(derived.x, derived.y, derived.greet(), derived.none)
local fn = setmetatable({}, {__index = function(t, k) return k .. '!' end})
print(fn.abc, fn[1])
local chain = setmetatable({}, {__index = setmetatable({}, {__index = setmetatable({}, {__index = {deep = 'yes'}})})})
print(chain.deep)
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v * 2) end})
proxy.a = 1 proxy.b = 2 proxy.a = 10
print(proxy.a, proxy.b, table.concat(log, ','))
local store = {}
local redirect = setmetatable({}, {__newindex = store})
redirect.q = 'stored'
print(rawget(redirect, 'q'), store.q)
print(rawget(derived, 'x'), rawget(derived, 'y'))
local ok, e = pcall(function() local t = setmetatable({}, {__index = function() error('in index') end}) return t.x end)
print(ok, e)
