-- strings share a metatable whose __index is the string table
local s = "Hello"
print(s:upper(), s:lower(), s:len(), s:rep(2, nil), s:byte(1), s:sub(2, -2))
print(("x"):upper(), ("%d items"):format(3), ("a,b"):find(","))
print(#s, s:reverse())
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable(s) == getmetatable("other"))
string.shout = function(str) return str:upper() .. "!" end
print(s:shout(), ("hey"):shout())
string.shout = nil
print(pcall(function() return s:shout() end))
print(pcall(function() return type(s.len) end))
print(s.len == string.len, ("abc").upper == string.upper)
local n = 5
print(pcall(function() return n:upper() end))
local old_index = mt.__index
mt.__index = function(str, key) if key == "size" then return #str end return old_index[key] end
print(("four").size, ("four"):upper())
mt.__index = old_index
print(("four").size)
