-- very large and very small magnitudes
local x = 1
for i = 1, 10 do x = x * 1000 print(i, x) end
local y = 1
for i = 1, 8 do y = y / 1000 print(i, y) end
print(1e308 * 10, -1e308 * 10, 1e-323, 1e-324)
print(2^1023, 2^1024, 2^-1074, 2^-1075)
print(1.7976931348623157e308, 4.9e-324 > 0)
print(123456789 * 987654321)
print(2^53 == 2^53 + 1, 2^52 == 2^52 + 1)
print(-2^63 == -(2^63), 2^63 % 2)
