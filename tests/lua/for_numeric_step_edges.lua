-- Numeric for with every kind of step: positive, negative, fractional, zero (broken out of),
-- NaN and infinite bounds and steps, -0, limits exactly hit or missed.
local function run(a, b, c, max)
  local out, n = {}, 0
  for i = a, b, c do
    n = n + 1
    out[n] = (i == 0 and 1 / i < 0) and "-0" or tostring(i)
    if n >= (max or 12) then out[n + 1] = "..."; break end
  end
  print(a, b, c, n, table.concat(out, " "))
end
local inf, nan = 1 / 0, 0 / 0
run(1, 5, 1) run(5, 1, -1) run(1, 5, -1) run(5, 1, 1) run(1, 1, 1) run(1, 1, -1)
run(0, 1, 0.25) run(1, 0, -0.25) run(0, 1, 0.3) run(1, 0, -0.3) run(-0, 1, 1) run(-0, -1, -1)
run(0, 0, -1) run(-0, -0, 1) run(1, 1, 0, 3) run(1, 2, 0, 3) run(2, 1, 0, 3)
run(1, inf, 1, 4) run(1, -inf, -1, 4) run(1, inf, -1) run(-1, -inf, 1)
run(1, nan, 1) run(1, nan, -1) run(nan, 1, 1) run(1, 5, nan) run(1, 5, inf) run(5, 1, -inf)
run(1, 3, 1e308) run(2 ^ 53 - 2, 2 ^ 53 + 2, 1, 6) run(-2 ^ 53 + 2, -2 ^ 53 - 2, -1, 6)
-- The loop variable is a copy: changing it does not change the iteration.
local s = 0
for i = 10, 1, -2 do s = s + i; i = i * 100 end
print(s)
