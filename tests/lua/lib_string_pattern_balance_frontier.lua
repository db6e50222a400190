-- %b and %f
print(string.gsub("x = (a(b)c) y = (d)", "%b()", "<>"))
print(string.match("if (a and (b or c)) then", "%b()"), string.match("{[}]", "%b[]"), string.match("((", "%b()"))
print(string.match("a<b<c>>d", "%b<>"), string.match("xx", "%bxx"), string.match("xyxy", "%bxy"), string.find("abc", "%b()"))
print(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"), string.gsub("hello world", "%f[%w]", "|"))
print(string.gsub("hello world", "%f[%W]", "|"), string.gsub("aaa bbb", "%f[%a]", "^"), string.find("abc", "%f[%z]"))
print(string.find("x\0y", "%f[%z]"), string.find("\0x", "%f[^%z]"), string.gsub("THE END", "%f[%l]", "!"))
local words = {}
for w in string.gmatch("one, two;three  four", "%f[%w]%w+%f[%W]") do words[#words + 1] = w end
print(table.concat(words, "/"))
print(pcall(string.find, "abc", "%f"), pcall(string.find, "abc", "%fa"), pcall(string.find, "abc", "%b"), pcall(string.find, "abc", "%ba"))
