-- unary minus on numbers, strings, and locals
local a = 5
print(-a, - a, -(-a), - - a, -(a - 10))
print(-0.5, -1e10, -(2^53))
print(-"3", -"0x10", -"1e2", -" 4 ")
print(pcall(function() return -"abc" end))
print(pcall(function() local t = {} return -t end))
print(pcall(function() return -nil end))
print(-math.huge, -(-math.huge))
local b = -a * 2
print(b, -b ^ 2, (-b) ^ 2)
local s = "10"
print(-s + 1, type(-s))
