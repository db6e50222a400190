-- exponentiation
print(2^10, 2^0, 2^-1, 2^-2, 0^0, 0^1)
print(10^2, 10^-2, 4^0.5, 8^(1/3), 27^(1/3))
print(-2^2, (-2)^2, -2^-2, (-2)^3, (-2)^0.5 ~= (-2)^0.5)
print(2^3^2, (2^3)^2)
print(1^math.huge, 2^math.huge, 0.5^math.huge, 2^-math.huge)
print(math.pow(2, 8), math.pow(9, 0.5))
print(2^52 + 1, 2^1023 * 2, 2^-1080)
local base = 3
local r = 1
for i = 1, 5 do r = r * base print(i, r, base^i, r == base^i) end
print("2" ^ "3", 2 ^ "0.5" == 2^0.5)
print(math.sqrt(2) == 2^0.5, math.sqrt(16), math.exp(0), math.log(1))
