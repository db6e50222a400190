-- %s with widths/precision, numbers as strings, long strings, NULs; %%
print(string.format("%s|%10s|%-10s|%.2s|%5.1s|%.0s|", "abc", "abc", "abc", "abc", "xyz", "gone"))
print(string.format("%s %s %s %s", 1, 1.5, -0.0, 1e100), string.format("%s", 2^53))
print(string.format("%-3s|%3s|", "abcd", "abcd"), string.format("[%3d%%]", 50), string.format("%%d"))
print(string.format("%.10s|", string.rep("x", 200)), #string.format("%s", string.rep("y", 150)), #string.format("%5s", string.rep("z", 99)))
print(#string.format("%s", "a\0b"), #string.format("%s", string.rep("a", 99) .. "\0b"), #string.format("%s", string.rep("a", 100) .. "\0b"), #string.format("%.5s", "a\0b"))
print(string.format("no conversions"), string.format(""), string.format(12), string.format("%s%s", "a", "b"))
print(string.format("%s", "extra", "args", "ignored"), select("#", string.format("%s", "x")))
print(("%d-%s"):format(7, "x"), ("%5.1f"):format(math.pi))
