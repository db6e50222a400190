-- Issue 15 item 8: string -> number follows glibc strtod (via luaO_str2d) everywhere:
-- tonumber, arithmetic coercion, the lexer; tonumber(s, base) reads a C string (strtoul).
local forms = {
  "0x1p4", "0x10.8", "0X.8", "0x.8p1", "0x1P-2", "-0x10", "+0x10", " 0x1p4 ", "0x1p", "0x",
  "0xg", "0x1.", "0x.p1", "1e", "1e+", "1.e2", ".5", ".", "+.5e1", "- 1", "+-1", "1 2",
  "inf", "-INF", "Infinity", "infinit", "nan", "-nan", "NaN", "nan(1_a)", "nan(", "nan()",
  "nan(x y)", "  \t12\n", "\v1\f", "1\0abc", "\0" .. "1", "12345678901234567890",
  "1e400", "-1e400", "1e-400", "0x1p-1074", "0x1p-1075", "0x1.8p-1075", "0x1fffffffffffff1",
  "4.9e-324", "2.4703282292062328e-324", "0x123456789abcdef0123", "00012", "1__", "1e5x",
}
for i, s in ipairs(forms) do
  local v = tonumber(s)
  io.write(i, " ", string.format("%q", s), " -> ", tostring(v))
  if v then io.write(" ", string.format("%.17g", v), " arith ", tostring(s + 0), " ", tostring(s * 1)) end
  io.write("\n")
end
-- the lexer reads numerals with the same reader
print(0x1p4, 0X1P2, 0x10, 1e2, .5e1, 3., 0xA)
print(pcall(loadstring, "return 0x1p"))
print(loadstring("return 0x1p"))
print(loadstring("return 0x.8"))
print(loadstring("return 1e+"))
-- base conversion: strtoul over the C string
local based = {
  {"1\0", 16}, {"1\0zz", 10}, {"ff\0", 16}, {" 0x1f ", 16}, {"0x", 16}, {"0xg", 16}, {"-ff", 16},
  {"zz", 36}, {"11", 2}, {"12", 2}, {"", 8}, {"\0", 8}, {"ffffffffffffffffff", 16},
  {"-1", 10}, {"1e1", 10},
}
for _, p in ipairs(based) do
  print(string.format("%q", p[1]), p[2], tonumber(p[1], p[2]))
end
