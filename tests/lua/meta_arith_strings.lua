-- metamethods vs string coercion
local mt = {__add = function(a, b) return "add(" .. tostring(type(a)) .. "," .. tostring(type(b)) .. ")" end,
  __concat = function(a, b) return "cat" end}
local t = setmetatable({}, mt)
print(t + "5", "5" + t, t + t)
print("10" + 5, "3" * "4")
print(pcall(function() return "abc" + t end))
print(t .. 1, 1 .. t, "s" .. t)
local smt = getmetatable("")
smt.__add = function(a, b) return "string add" end
print(pcall(function() return "x" + "y" end))
print("1" + "2")
print(pcall(function() return "x" + 1 end))
smt.__add = nil
print(pcall(function() return "x" + "y" end))
