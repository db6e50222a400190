-- nested captures, position captures, back references
print(string.match("hello", "(h)(e)(l)(l)(o)"))
print(string.match("hello", "((h)(e))((l)(l))"))
print(string.find("hello", "()ll()"), string.match("hello", "()ll()"))
print(string.match("abcba", "(.)(.).%2%1"), string.match("xyyx", "(.)(.)%2%1"), string.match("abab", "(ab)%1"))
print(string.gsub("hello world", "(o)", "[%1]"), string.gsub("abc", "()", "%1"))
print(string.match('say "hi" and "bye"', '(["\'])(.-)%1'))
print(string.find("  x", "^(%s*)"), string.find("key=", "(%w+)=(%w*)"))
local caps = {string.match(string.rep("a", 32), string.rep("(a)", 32))}
print(#caps, caps[1], caps[32])
print(pcall(string.match, string.rep("a", 40), string.rep("(a)", 33)))
print(pcall(string.find, "abc", "(()"), pcall(string.find, "abc", "a)"), pcall(string.find, "abc", "%1"))
print(pcall(string.find, "abc", "(a)%2"), pcall(string.find, "abc", "(a%1)"), pcall(string.gsub, "abc", "(a", "x"))
