-- character classes over all bytes
local classes = {"%a", "%d", "%l", "%s", "%u", "%w", "%x", "%p", "%c"}
for _, cls in ipairs(classes) do
  local count, first, last = 0, nil, nil
  for b = 0, 255 do
    if string.find(string.char(b), "^" .. cls .. "$") then
      count = count + 1
      first = first or b
      last = b
    end
  end
  local upper = cls:upper()
  local ncount = 0
  for b = 0, 255 do if string.find(string.char(b), "^" .. upper .. "$") then ncount = ncount + 1 end end
  print(cls, count, first, last, ncount)
end
print(string.find("a.b", "[.]"), string.find("a-b", "[a-]", 2), string.find("x]y", "[]]"))
print(string.find("abc", "[^ab]"), string.find("a^b", "[b^]"), string.find("Z", "[%a_]"))
print(string.gsub("a1b2c3", "[%d]", "#"), string.gsub("a1b2c3", "[^%d]", "#"))
print(string.match("x-y", "[x-]+"), string.match("--a", "[-a]+"))
print(string.match("\0abc", "%z"), #string.match("a\0b", ".%z."))
