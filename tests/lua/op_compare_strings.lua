-- strings compare bytewise (C locale)
local list = {"b", "a", "ab", "", "B", "A", "aa", "a\0", "a\0b", "\255", "\128", "Z", "z", "0", "10", "9"}
table.sort(list)
for i, s in ipairs(list) do
  local bytes = {}
  for j = 1, #s do bytes[j] = string.byte(s, j) end
  print(i, "[" .. table.concat(bytes, ",") .. "]")
end
print("a" < "b", "a" < "ab", "ab" < "b", "" < "a", "a" < "")
print("a\0" > "a", "a\0a" < "a\0b", "a\0" < "a\1")
print("A" < "a", "Z" < "a", "z" < "\127", "\127" < "\128", "\200" < "\255")
print("10" < "9", "10" < "2", "abc" <= "abc", "abc" >= "abd")
print("x" == "x", "x" ~= "y", "a\0b" == "a\0c", "a\0b" == "a\0b")
local s1, s2 = "hello", "hel" .. "lo"
print(s1 == s2, s1 <= s2, s1 < s2)
print(pcall(function() return "a" < 1 end))
print(pcall(function() return {} < "a" end))
