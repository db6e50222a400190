-- gsub with a function: called per match with captures; nil/false keep the match
print(string.gsub("hello world", "(%w+)", function(w) return w:upper() end))
print(string.gsub("hello world", "%w+", function(w) return #w end))
print(string.gsub("hello", "l+", function() end))
print(string.gsub("hello", "l", function() return false end))
print(string.gsub("a1b2", "(%a)(%d)", function(a, d) return d .. a end))
print(string.gsub("abc", "", function(x) return "[" .. x .. "]" end))
print(string.gsub("abc", "()", function(p) return p end))
print(string.gsub("abc", ".", function(c) return c:byte() end, 2))
local calls = {}
print(string.gsub("x y z", "%a", function(c) calls[#calls + 1] = c return nil end), table.concat(calls))
print(pcall(string.gsub, "abc", "%w", function() return {} end))
print(pcall(string.gsub, "abc", "%w", function() return true end))
print(pcall(string.gsub, "abc", "%a", function(x) error("bad " .. x) end))
print(type(select(2, pcall(string.gsub, "abc", "%a", function(x) error({code = 1}) end))))
print(select(2, pcall(string.gsub, "abc", "%a", function(x) error({code = 7}) end)).code)
-- nested gsub inside the callback
print(string.gsub("a b c", "%a", function(x) return (string.gsub("12", "%d", function(d) return x .. d end)) end))
local n = 0
local r, c = string.gsub(string.rep("a", 100000), "a", function() n = n + 1 return "bb" end)
print(#r, c, n)
