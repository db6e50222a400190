-- the string metatable: methods through __index, shared by all strings
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("abc") == mt, rawequal(getmetatable("x"), mt))
print(("x"):rep(3), ("%d"):format(7), ("abc"):len(), ("Hello"):upper(), ("a,b"):find(","))
local s = "hello"
print(s:sub(2, 3), s:byte(1), s:gsub("l", "L"), s:match("h(.)"))
print(#s, s.len == string.len, s.nonexistent)
string.shout = function(x) return x:upper() .. "!" end
print(("hi"):shout())
string.shout = nil
print(pcall(function() return ("hi"):shout() end))
print(pcall(function() local n = 5 return n:rep(2) end))
print(getmetatable(5), getmetatable(nil), getmetatable(print))
for w in ("a b c"):gmatch("%a") do io.write(w) end print()
print(("%s=%s"):rep(2, "x"):format(1, 2, 3, 4))
