-- find and gsub over a matrix of patterns and subjects (NUL bytes printed as \0)
local pats = {"[%a-]+", "[a-]+", "[-a]+", "[%]]+", "[^]]+", "[]]", "[^%s]+", "%bxy", "%b()", "%b((", "%f[%w]%w+", "%f[%z]", "%f[^%z]", "[%z]", "%z+",
  "[a-c-e]+", "[%w_]+", "^(%s*)", "(.)%1", "(%a)(%a)%2%1", "()a()", "a*", "a-", "a?", "a+", ".-b", "[%d%.]+", "%.", "%%", "[%%]", "x*$", "^$", "$", "^", "[^%d]", "%S+", "%W", "%P+", "%C+", "%U+", "%L+", "%X+", "%D+", "%A+"}
local subjects = {"abc-def]]x", "xx(a(b)c)yy xaxbyy", "THE (quick) fox", "a\0b\0", "hello  world", "abba 1.5.6 %x", "", "aaa", "Lua 5.1_x"}
for _, p in ipairs(pats) do
  local out = {}
  for _, s in ipairs(subjects) do
    local ok, a, b, c = pcall(string.find, s, p)
    out[#out+1] = tostring(ok) .. ":" .. tostring(a) .. ":" .. tostring(b) .. ":" .. tostring(c)
    local ok, r, n = pcall(string.gsub, s, p, "<%0>")
    out[#out+1] = tostring(r) .. "/" .. tostring(n)
  end
  print(p, (table.concat(out, " "):gsub("%z", "\\0")))
end
print(pcall(string.find, "abc", "[%"), pcall(string.find, "abc", "[a-%"), pcall(string.find, "abc", "%b"), pcall(string.find, "abc", "%ba"))
print(pcall(string.find, "abc", "(%1)"), pcall(string.find, "abc", "(a)%2"), pcall(string.find, "abc", "%0"))
print(pcall(string.rep), pcall(string.gsub, "x", "x", "%9"))
local p = string.rep("(a)", 32) print(pcall(string.find, string.rep("a", 40), p))
local p = string.rep("(a)", 33) print(pcall(string.find, string.rep("a", 40), p))
print(string.find(string.rep("a", 3000), ".-b"), string.find(string.rep("a", 3000) .. "b", "a-a-b"))
print(string.gsub("hello world", "o", "%%0"), string.gsub("abc", "b", "%a"), string.gsub("abc", "(b)", "[%1%1]"))
print(string.gsub("abc", "b", 5), string.gsub("a.b", "%.", "%%"), pcall(string.gsub, "abc", "b", true))
