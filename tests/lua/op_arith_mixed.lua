-- arithmetic operators on locals, constants, and mixed operands
local a, b = 17, 5
print(a + b, a - b, a * b, a / b, a % b, a ^ 2)
print(-a, -b, - -a)
print(a + 0.5, a * 0.5, a / 0.5)
local c, d = -17, 5
print(c + d, c - d, c * d, c / d, c % d)
local x = 3
x = x + 1; print(x)
x = x * x; print(x)
x = x - 20; print(x)
x = x / 8; print(x)
local acc = 0
for i = 1, 100 do acc = acc + i * i end
print(acc)
local fact = 1
for i = 1, 20 do fact = fact * i end
print(fact)
print(1 + 2 * 3 - 4 / 2, (1 + 2) * (3 - 4) / 2)
print(2 * 3 % 4, 2 * (3 % 4), 10 - 2 - 3, 10 - (2 - 3))
print(100 / 10 / 2, 100 / (10 / 2))
local t = {v = 10}
t.v = t.v + 5
t.v = t.v * 2
print(t.v)
local s = "5"
print(s + s, s * s, s - 1, s / 2, -s)
