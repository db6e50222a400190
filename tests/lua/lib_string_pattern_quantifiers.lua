-- *, +, -, ? with backtracking
local cases = {
  {"aaab", "a*"}, {"aaab", "a+"}, {"aaab", "a-"}, {"aaab", "a-b"}, {"aaab", "a?"}, {"aaab", "a?a?a?a?b"},
  {"b", "a*b"}, {"b", "a+b"}, {"ab", "a?b"}, {"<a><b>", "<.*>"}, {"<a><b>", "<.->"}, {"xyz", ".-z"},
  {"int x = 42;", "%a+%s+(%a+)%s*=%s*(%d+)"}, {"aaa", "^a-$"}, {"aaa", "a-a$"}, {"abc", "[abc]*c"},
  {"abcabc", "(abc)+"}, {"a+b", "a+b"}, {"a+b", "a%+b"}, {"--x--", "%-+(.-)%-+"},
}
for _, c in ipairs(cases) do
  print(c[1], c[2], string.find(c[1], c[2]))
  print("", string.match(c[1], c[2]))
end
print(string.find(string.rep("a", 2000), ".-b"), string.find(string.rep("a", 2000) .. "b", "a-a-b"))
print(string.match(string.rep("x", 500) .. "y", "(x*)(x)y"):len())
