-- parentheses truncate a multi-value expression to exactly one value
local function three() return 1, 2, 3 end
local function none() end
print((three()))
print((none()))
print(select('#', (three())), select('#', (none())))
local t = {(three())}
print(#t)
local a, b = (three())
print(a, b)
local function ret() return (three()) end
print(ret())
print(((three())))
local function va(...) return (...) end
print(va(7, 8, 9))
print(select('#', va()))
print((three()) + 10)
print((string.gsub("aaa", "a", "b")))
print(string.gsub("aaa", "a", "b"))
print(#{string.find("hello", "l")}, #{(string.find("hello", "l"))})
local s = (("x"):rep(3))
print(s)
