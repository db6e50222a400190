-- %b balanced matches and %f frontier patterns
print(string.match("f(a(b)c)d", "%b()"))
print(string.match("x = [[1, [2]], 3]", "%b[]"))
print(string.gsub("a(b)c(d(e))f", "%b()", ""))
print(string.match("no close (here", "%b()"))
print(string.match("{{}", "%b{}"))
print(string.match("<<a>>", "%b<>"))
print(string.find("if (x) then (y) end", "%b()", 5))
print(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))
print(string.gsub("hello world from lua", "%f[%w]%w", string.upper))
print(string.find("THE (quick) fox", "%f[%a]"))
print(string.find("abc", "%f[%l]"), string.find("abc", "%f[%u]"))
local words = {}
for w in string.gmatch("the cat sat on the mat", "%f[%w]%w+%f[%W]") do words[#words + 1] = w end
print(table.concat(words, "|"))
print(string.gsub("THE the tHe", "%f[%w]the%f[%W]", "X"))
print(pcall(string.match, "x", "%b"))
print(pcall(string.match, "x", "%f"))
print(string.match("a--b", "%b--"))
