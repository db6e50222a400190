-- tonumber with explicit bases
print(tonumber("10", 2), tonumber("11111111", 2), tonumber("2", 2))
print(tonumber("777", 8), tonumber("8", 8), tonumber("17", 8))
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("0xff", 16), tonumber("fg", 16))
print(tonumber("z", 36), tonumber("Z", 36), tonumber("10", 36), tonumber("zz", 36))
print(tonumber("12", 3), tonumber("22", 3), tonumber("3", 3))
for base = 2, 36, 5 do
  print(base, tonumber("11", base), tonumber("1" .. string.rep("0", 3), base))
end
print(tonumber("  101  ", 2), tonumber("1 0", 2), tonumber("", 2), tonumber(" ", 10))
print(tonumber("-101", 2), tonumber("-ff", 16))
print(tonumber("1.5", 10), tonumber("1.5"), tonumber("1e2", 10), tonumber("1e2"))
print(tonumber(10, 16), tonumber(255, 10))
print(pcall(tonumber, "1", 1))
print(pcall(tonumber, "1", 37))
print(pcall(tonumber, "1", 0))
print(tonumber("7fffffff", 16), tonumber("ffffffff", 16))
print(tonumber("1010", 2) + tonumber("12", 8))
print(tonumber("Hello", 36), tonumber("lua", 36))
