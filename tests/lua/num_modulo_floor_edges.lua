-- Floored modulo (a - floor(a/b)*b) on the edges of the fast floor: signs, zeros (and the
-- sign of a zero result), fractions, 2^52/2^53 neighbours, huge values, infinities, NaN;
-- through the constant form (MODK), two registers, and a constant dividend (MOD).
local function show(x)
  if x ~= x then return "nan" end
  if x == 0 then return (1 / x < 0) and "-0" or "0" end
  return string.format("%.17g", x)
end
local inf, nan = 1 / 0, 0 / 0
local two52 = 2 ^ 52
local vals = {
  0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 7, -7, 3, -3, 5.25, -5.25, 1e-300, -1e-300,
  two52, -two52, two52 - 0.5, -(two52 - 0.5), two52 + 2, 2 ^ 53, -(2 ^ 53), 2 ^ 53 + 2,
  1e300, -1e300, inf, -inf, nan, 1000003, -1000003, 999999.75, 1 / 3, -1 / 3,
}
for _, a in ipairs(vals) do
  local row = {}
  for _, b in ipairs(vals) do
    row[#row + 1] = show(a % b)
  end
  print(show(a), table.concat(row, " "))
end
-- Constant divisors (MODK) and a constant dividend (MOD with a constant operand).
for _, a in ipairs(vals) do
  print(show(a), show(a % 7), show(a % -7), show(a % 0.5), show(a % -0.5), show(a % 1e300),
    show(a % -1e300), show(a % two52), show(7 % a), show(-7 % a), show(0.5 % a), show(-0 % a))
end
-- Division then floor inside loops (the loop benchmark's shape), negative steps included.
local s = 0
for i = -50, 50, 3 do
  s = (s + i * 3 - (i % 7)) % 1000003
  s = s + (i / 4) % 1 + (-i / 4) % -1
end
print(show(s))
