-- widths, precision, and flags
print(string.format("[%5s][%-5s][%.2s][%5.1s]", "ab", "ab", "abcdef", "xyz"))
print(string.format("[%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42))
print(string.format("[%8.3f][%-8.3f][%08.3f][%+.2f]", 3.14159, 3.14159, -3.14159, 2))
print(string.format("[%10.4e][%-12g][%#x][%#o]", 1234.5, 0.5, 255, 8))
print(string.format("[%3c]", 65))
print(string.format("[%.0s]", "gone"))
print(string.format("[%20s]", "right aligned"))
print(string.format("[%-20s]", "left aligned"))
for _, w in ipairs({1, 3, 6}) do print(string.format("[%" .. w .. "d]", 123)) end
print(string.format("%5.1f%%", 99.44))
print(pcall(string.format, "%100d", 1))
print(pcall(string.format, "%1234d", 1))
print(pcall(string.format, "%.123d", 1))
print(string.format("%-5s|%5s|", "a", "b"))
local rows = {{"apple", 1.5, 3}, {"kiwi", 0.25, 12}, {"watermelon", 3, 1}}
for _, r in ipairs(rows) do print(string.format("%-12s %6.2f %4d", r[1], r[2], r[3])) end
