-- rep, byte, char
print(string.rep("ab", 3), "[" .. string.rep("x", 0) .. "]", "[" .. string.rep("x", -1) .. "]")
print(#string.rep("abc", 1000), string.rep("", 100) == "")
print(string.byte("A"), string.byte("ABC", 2), string.byte("ABC", -1))
print(string.byte("ABC", 1, 3))
print(string.byte("ABC", 2, 10))
print(select('#', string.byte("")), select('#', string.byte("abc", 4)), select('#', string.byte("abc", 3, 2)))
print(string.byte("\0\255"), string.byte("\0\255", 2))
print(string.char(72, 105), "[" .. string.char() .. "]", #string.char(0, 0))
print(string.char(string.byte("roundtrip", 1, -1)))
print(pcall(string.char, -1))
print(pcall(string.char, 256))
print(string.byte("abc", 0), string.byte("abc", -10, 1))
local codes = {}
for i = 1, 5 do codes[i] = 96 + i end
print(string.char(unpack(codes)))
print(("x"):rep(3):byte(1, -1))
