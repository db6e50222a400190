-- malformed patterns, reported as lua5.1 does
local pats = {"%", "[a", "[", "[^", "[%", "[a-%", "(", "((a)", ")", "a)", "%b", "%bx", "%f", "%fx", "%1", "(%1)", "(a)%2", "%0"}
for _, p in ipairs(pats) do
  print(string.format("%-6s", p), pcall(string.find, "abc", p))
  print("", pcall(string.gsub, "abc", p, "x"))
end
print(pcall(string.gsub, "abc", "(a)", "%2"), pcall(string.gsub, "abc", "a", "%1"), pcall(string.gsub, "abc", "a", "%9"))
local it = string.gmatch("abc", "[") print(pcall(it))
print(pcall(string.match, "abc", "%"), pcall(string.match, "abc", "]"))
