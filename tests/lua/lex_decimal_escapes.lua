-- \ddd escapes read at most three digits
local cases = {
  "\0", "\00", "\000", "\0000", "\9", "\09", "\009", "\0099",
  "\48", "\048", "\0481", "\100", "\1000", "\2550", "\25", "\2a",
}
for i, s in ipairs(cases) do
  local parts = {}
  for j = 1, #s do parts[j] = string.byte(s, j) end
  print(i, #s, table.concat(parts, ","))
end
print("\49\50\51" == "123")
print("\x" == "x")
print(("\97\98\99"):upper())
local all = {}
for i = 0, 255, 51 do all[#all + 1] = loadstring("return '\\" .. i .. "'")() end
for _, c in ipairs(all) do io.write(string.byte(c), " ") end
print()
print(loadstring("return '\\300'"))
