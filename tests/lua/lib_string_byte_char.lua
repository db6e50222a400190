-- byte/char round trips and edge positions
print(string.byte("A"), string.byte("abc", 2), string.byte("abc", -1), string.byte("abc", 1, 3))
print(string.byte("abc", 10), string.byte(""), string.byte("abc", 2, 10), string.byte("abc", -10, 1))
print(select("#", string.byte("abc", 0)), select("#", string.byte("abc", 3, 2)), select("#", string.byte("abc", 1, -1)))
print(string.byte("\0\255\128"), string.byte("abc", 1.9), string.byte("abc", "2"))
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(#s, string.byte(s, 1), string.byte(s, 256), string.byte(s, -1), string.byte(s, 65, 70))
local ok = true
for i = 1, 256 do if string.byte(s, i) ~= i - 1 then ok = false end end
print("roundtrip", ok)
print(string.char(), string.char(72, 105), string.char("65", 66.7), #string.char(0, 0, 0))
print(pcall(string.char, 256), pcall(string.char, -1), pcall(string.char, 65, "x"), pcall(string.char, nil))
print(string.char(2^32 + 65), pcall(string.char, 2^31))
print(select("#", string.byte(string.rep("a", 7990), 1, -1)))
print(pcall(string.byte, string.rep("a", 9000), 1, -1))
print(pcall(string.byte, string.rep("a", 7999), 1, -1))
print(pcall(string.byte))
