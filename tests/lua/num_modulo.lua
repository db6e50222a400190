-- a % b == a - floor(a/b)*b
local pairs_ = {{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {5.5, 2}, {-5.5, 2}, {5.5, -2},
  {0, 5}, {5, 1}, {1, 0.3}, {-1, 0.3}, {2^53, 3}, {1e10, 7}, {3, 0.5}, {-0.5, 1}}
for _, p in ipairs(pairs_) do
  local a, b = p[1], p[2]
  print(a, b, a % b, a - math.floor(a / b) * b)
end
local m1 = 5 % math.huge
print(m1 ~= m1, 5 % 1e300, -5 % 1e300)
print(5 % 0 ~= 5 % 0, 0 % 0 ~= 0 % 0)
print(math.huge % 2 ~= math.huge % 2)
print("7" % "3", 7 % "-3")
local x = 10
x = x % 4
print(x)
