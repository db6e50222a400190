-- strings from numbers in the string library follow %.14g
local nums = {0, -0.0, 1, -1, 0.1, 1/3, 1e14, 1e15, 1e16, 2^53, 2^63, -2^63, 1e-7, 123.456, 1e300, 1/0, -1/0}
for _, v in ipairs(nums) do
  print(string.len(v), string.upper(v), string.rep(v, 2, "|"), string.sub(v, 1, 3), string.format("%s|%.14g|%5.1s", v, v, v))
end
print(("x"):rep(2) .. 1 .. 2.5, string.format("%s", 0.1 + 0.2), string.find(1e100, "e+", 1, true))
