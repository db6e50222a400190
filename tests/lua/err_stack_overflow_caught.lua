-- infinite non-tail recursion is caught as a stack overflow
local function grow(n) return 1 + grow(n + 1) end
local ok, msg = pcall(grow, 1)
print(ok, type(msg), string.find(msg, "stack overflow", 1, true) ~= nil)
local depth = 0
local function deeper() depth = depth + 1 local r = deeper() return r end
ok, msg = pcall(deeper)
print(ok, depth > 1000, string.find(msg, "stack overflow", 1, true) ~= nil)
local mt = {}
mt.__index = function(t, k) return t[k] end
local obj = setmetatable({}, mt)
ok, msg = pcall(function() return obj.x end)
print(ok, string.find(tostring(msg), "stack overflow", 1, true) ~= nil)
print(pcall(function() return "still works" end))
local function count(n) if n == 0 then return 0 end return 1 + count(n - 1) end
print(pcall(count, 5000))
