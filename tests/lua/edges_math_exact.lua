-- Math library results bit for bit (%.17g) against lua5.1 over edge inputs; math.deg divides by
-- pi/180 as lmathlib.c does (found by lua_fuzz: multiplying by 180/pi rounds differently).
local xs = {0, -0, 0.1, 0.5, 1, -1, 1.5, 2, 3.14159, 10, 100, 1e-300, 1e300, -7.25, 2^53, 1/0, -1/0, 12345.678, 0.14159265358979312}
local one = {"abs","acos","asin","atan","ceil","cos","cosh","deg","exp","floor","log","log10","rad","sin","sinh","sqrt","tan","tanh","frexp","modf"}
for _, f in ipairs(one) do for _, x in ipairs(xs) do
  local r = {math[f](x)} local s = {} for i, v in ipairs(r) do s[i] = string.format("%.17g", v) end
  print(f, string.format("%.17g", x), table.concat(s, " "))
end end
local two = {"atan2", "fmod", "pow", "ldexp", "max", "min"}
for _, f in ipairs(two) do for _, x in ipairs(xs) do for _, y in ipairs({0.5, 2, -3, 0, 7.5, 1e10}) do
  print(f, string.format("%.17g %.17g %.17g", x, y, math[f](x, y)))
end end end
for _, x in ipairs(xs) do for _, y in ipairs({0.5, 2, -3, 0, 7.5, 1e10, -0.5}) do print("ops", string.format("%.17g %.17g %.17g %.17g", x % y, x ^ y, x / y, x * y)) end end
