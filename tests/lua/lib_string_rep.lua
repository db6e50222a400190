-- string.rep: counts are C ints (fractions truncated, 2^32 wraps), empty results
print(string.rep("ab", 3), string.rep("x", 0), string.rep("x", -1), string.rep("x", 2.9), string.rep("", 5))
print(#string.rep("abc", 1000), string.rep("-", 10), string.rep(5, 3), string.rep("a", "3"))
print(string.rep("x", 2^32 + 2), string.rep("x", 2^32), string.rep("x", 1e100), string.rep("x", -1e100))
print(string.rep("ab", 3, "x"), select("#", string.rep("a", 1)))
print(pcall(string.rep), pcall(string.rep, "x"), pcall(string.rep, "x", "y"), pcall(string.rep, {}, 1))
local s = string.rep("\0", 5) print(#s, s == "\0\0\0\0\0")
local big = string.rep("0123456789", 10000) print(#big, big:sub(-3), big:byte(99999))
