-- __eq rules in Lua 5.1
local calls = 0
local function eq(a, b) calls = calls + 1 return a.id == b.id end
local mt = {__eq = eq}
local a, b, c = setmetatable({id = 1}, mt), setmetatable({id = 1}, mt), setmetatable({id = 2}, mt)
print(a == b, a == c, a ~= b, a ~= c, calls)
calls = 0
print(a == a, calls)
local other_mt = {__eq = eq}
local d = setmetatable({id = 1}, other_mt)
print(a == d, calls)
local e = setmetatable({id = 1}, {__eq = function() return true end})
print(a == e, e == a)
local plain = {id = 1}
print(a == plain, plain == a)
print(a == 1, a == "x", a == nil)
local truthy = setmetatable({}, {__eq = function() return "yes" end})
local truthy2 = setmetatable({}, getmetatable(truthy))
print(truthy == truthy2)
local falsy = setmetatable({}, {__eq = function() return nil end})
local falsy2 = setmetatable({}, getmetatable(falsy))
print(falsy == falsy2, falsy ~= falsy2)
local t = {}
t[a] = "a"
print(t[b])
