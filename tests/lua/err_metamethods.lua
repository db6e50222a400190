-- errors raised inside metamethods propagate to pcall
local mt = {
  __index = function(t, k) error("no field " .. k, 2) end,
  __newindex = function(t, k, v) error("read-only " .. k, 0) end,
  __add = function(a, b) error("cannot add", 0) end,
  __call = function(self, x) error({why = "call " .. tostring(x)}) end,
  __concat = function(a, b) local n = nil return n.x end,
  __lt = function(a, b) error("no order", 0) end,
  __tostring = function() error("tostring broke", 0) end,
}
local obj = setmetatable({}, mt)
print(pcall(function() return obj.missing end))
print(pcall(function() obj.x = 1 end))
print(pcall(function() return obj + 1 end))
local ok, e = pcall(function() return obj(5) end)
print(ok, e.why)
print(pcall(function() return obj .. "s" end))
print(pcall(function() return obj < obj end))
print(pcall(tostring, obj))
print(pcall(print, obj))
local mt2 = {__index = function(t, k) return k * 2 end}
local o2 = setmetatable({}, mt2)
print(o2[21], pcall(function() return o2.name end))
