-- every character class, upper-case complements, and sets, over all 256 byte values
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
for _, c in ipairs({"a", "c", "d", "l", "p", "s", "u", "w", "x", "z"}) do
  local _, n1 = string.gsub(s, "%" .. c, "")
  local _, n2 = string.gsub(s, "%" .. c:upper(), "")
  local _, n3 = string.gsub(s, "[%" .. c .. "]", "")
  local _, n4 = string.gsub(s, "[^%" .. c .. "]", "")
  local first = string.find(s, "%" .. c)
  print(c, n1, n2, n3, n4, first)
end
local function cnt(p) local _, n = string.gsub(s, p, "") return n end
print(cnt("[a-z]"), cnt("[A-Z0-9]"), cnt("[^a-z]"), cnt("[%a_]"), cnt("[a-]"), cnt("[-a]"), cnt("[%-]"), cnt("[]]"), cnt("[^]]"))
print(cnt("[z-a]"), cnt("[%%]"), cnt("[.]"), cnt("."), cnt("[%.%+]"), cnt("[a-c-e]"), cnt("[\1-\31]"), cnt("[\128-\255]"))
print(pcall(cnt, "[\0-\31]"))
print(string.match("a]b", "[]]"), string.match("a-b", "[a-]+"), string.match("x^y", "[x^]+"), string.match("^y", "[%^]"))
