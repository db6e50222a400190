-- string.sub with positive, negative, and out-of-range indices
local s = "abcdefgh"
print(s:sub(1, 3), s:sub(3), s:sub(-3), s:sub(-3, -2), s:sub(2, -2))
print("[" .. s:sub(5, 4) .. "]", "[" .. s:sub(0) .. "]", "[" .. s:sub(0, 0) .. "]")
print(s:sub(-100, 2), s:sub(7, 100), "[" .. s:sub(9) .. "]", "[" .. s:sub(100, 200) .. "]")
print(s:sub(-1), s:sub(-8), s:sub(-9), s:sub(1, -1), "[" .. s:sub(1, -9) .. "]")
print(s:sub(3.7, 5.2), s:sub("2", "4"))
print(string.sub("", 1, 1) == "", ("x"):sub(1, 1))
for i = -3, 3 do io.write("[", s:sub(i, i), "]") end
print()
print(pcall(string.sub, s))
print(s:sub(2), s)
local function split_at(str, n) return str:sub(1, n), str:sub(n + 1) end
print(split_at("hello world", 5))
