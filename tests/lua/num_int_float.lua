-- numbers are doubles; integral values print without a fraction
print(1, 1.0, -1.0, 1.5, 3 / 1)
print(7 / 2, 8 / 2, 2^2, 2^0.5)
print(loadstring("return 7 // 2"))
print(1 == 1.0, math.floor(3.7) == 3, 3.0 == 3)
local t = {}
t[1] = "int"
t[1.0] = "float overwrites"
t[2.5] = "fraction"
print(t[1], t[2.5], #t)
print(100 * 1.1, 0.1 * 3, 1 - 0.9)
print(2^31, 2^31 + 1, -2^31, 2^32)
print(4294967296 * 4294967296)
print(1e15 + 0.3, 1e16 + 1)
print(3 % 1, 3.5 % 1, -3.5 % 1)
print(math.floor(2.5), math.floor(-2.5), math.ceil(2.5), math.ceil(-2.5))
local sum = 0
for i = 1, 10 do sum = sum + 0.1 end
print(sum, sum == 1, string.format("%.17g", sum))
print(string.format("%d", 3.0), string.format("%d", 3.9), string.format("%d", -3.9))
print(8 / 4 * 2, 2 * 3 / 4)
print(255 / 5, 1e2 / 4)
