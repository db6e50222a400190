-- tonumber returns nil for anything that is not a numeral
local inputs = {"", " ", "abc", "1a", "a1", "1 2", "1e", "e1", "0x", "0x1g", ".", "..1",
  "1..", "--1", "+-1", "- 1", "1e+", "inf", "infinity", "true", "\0", "1\0"}
for i, s in ipairs(inputs) do
  print(i, string.format("%q", s), tonumber(s))
end
print(tonumber("nan") ~= tonumber("nan"))
print(tonumber(nil), tonumber(true), tonumber({}) == nil, tonumber(print) == nil)
print(pcall(tonumber))
print(tonumber("  -7  "), tonumber("\n8\t"), tonumber("0"), tonumber("-0"))
print(tonumber(" +5 "), tonumber("1E2"), tonumber("1e-2"))
