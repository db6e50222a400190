-- raw access ignores __index/__newindex; metamethods are looked up raw in the metatable
local mt = {}
local t = setmetatable({}, mt)
mt.__index = function(_, k) return "meta " .. k end
print(t.x, rawget(t, "x"))
rawset(t, "x", "raw")
print(t.x, rawget(t, "x"))
mt.__newindex = function() error("blocked", 0) end
print(pcall(function() t.y = 1 end), rawget(t, "y"))
rawset(t, "y", 1)
print(t.y)
t.y = 2
print(t.y)
local mt2 = setmetatable({}, {__index = function(_, k) return function() return "inherited " .. k end end})
local u = setmetatable({}, mt2)
print(pcall(function() return u + 1 end))
print(rawget(mt2, "__add"))
local mt3 = {__index = {}}
local v = setmetatable({}, mt3)
mt3.__index.z = "late binding"
print(v.z)
mt3.__index = nil
print(v.z)
