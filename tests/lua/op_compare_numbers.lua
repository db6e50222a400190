-- comparisons between numbers
local vals = {-math.huge, -1, -0.5, 0, 0.5, 1, 2, math.huge}
for i = 1, #vals - 1 do
  local a, b = vals[i], vals[i + 1]
  print(a, b, a < b, a <= b, a > b, a >= b, a == b, a ~= b)
end
print(1 == 1, 1 <= 1, 1 >= 1, 1 < 1, 1 > 1)
print(0 == -0, 0 < -0, 0 <= -0)
local x, y = 3, 3.0
print(x == y, x < y, x <= y)
print(1e308 < math.huge, -1e308 > -math.huge)
print(2^53 == 2^53 + 1, 2^53 < 2^53 + 2)
local function cmp(a, b) if a < b then return "lt" elseif a > b then return "gt" else return "eq" end end
print(cmp(1, 2), cmp(2, 1), cmp(2, 2), cmp(-1, -2))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return "1" >= 2 end))
print(pcall(function() return 1 <= nil end))
