-- find with patterns returns positions then captures
print(string.find("hello world", "o%s*w"), string.find("hello world", "(o)(%s)"), string.find("x = 10", "(%w+)%s*=%s*(%d+)"))
print(string.find("abc", "()b()"), string.find("abc", "b()"), string.find("", "()"), string.find("abc", "^b"), string.find("abc", "c$"))
print(string.find("a$c", "$c"), string.find("a^c", "a^"), string.find("^abc", "^^a"), string.find("abc$", "c$$"))
print(string.find("  trim  ", "^%s*(.-)%s*$"), string.find("key = value", "^(%w+)"), string.find("123abc", "%a+"))
print(string.find("THE (quick) fox", "%((%a+)%)"), string.find("[[x]]", "%[(%b[])%]"), string.find("f(a(b)c)", "%b()"))
print(string.find("hello", "l+"), string.find("hello", "l-o"), string.find("hello", "x*"), string.find("hello", ".-l"))
print(string.find("aXb", "%u"), string.find("a1b2", "%d", 3), string.find("one two", "%f[%a]%a+", 2))
local s = "the quick brown fox"
local init, words = 1, {}
while true do
  local a, b, w = string.find(s, "(%a+)", init)
  if not a then break end
  words[#words + 1] = a .. "-" .. b .. ":" .. w
  init = b + 1
end
print(table.concat(words, " "))
