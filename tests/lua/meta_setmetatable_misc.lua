-- setmetatable returns its table; metatables can be shared and swapped
local mt1 = {__index = {who = "mt1"}}
local mt2 = {__index = {who = "mt2"}}
local t = {}
print(setmetatable(t, mt1) == t, t.who)
setmetatable(t, mt2)
print(t.who)
setmetatable(t, nil)
print(t.who, getmetatable(t))
local a, b = setmetatable({}, mt1), setmetatable({}, mt1)
print(getmetatable(a) == getmetatable(b), a.who, b.who)
mt1.__index.who = "shared change"
print(a.who, b.who)
local self_mt = {}
self_mt.__index = self_mt
self_mt.hello = "from self"
local c = setmetatable({}, self_mt)
print(c.hello, c.__index == self_mt)
local mt_of_mt = setmetatable({}, {__index = function(_, k) return "meta-meta " .. k end})
local d = setmetatable({}, mt_of_mt)
print(d.anything, mt_of_mt.__index)
mt_of_mt.__index = function(_, k) return "now direct " .. k end
print(d.anything)
print(pcall(setmetatable, {}))
print(pcall(setmetatable, nil, {}))
