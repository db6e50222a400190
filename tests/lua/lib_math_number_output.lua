-- results printed through tostring (%.14g) and string.format
local v = {math.pi, math.exp(1), math.sqrt(2), 1/3, 2/3, 1e15 / 3, 1e-15 / 7, 123456789.123456789, 0.1 + 0.2, 1 - 1e-16}
for _, x in ipairs(v) do print(x, string.format("%.17g", x), tostring(x) + 0 == x) end
print(-math.floor(0.5), 0 * -1, -0.0 + 0, math.abs(-0.0), 1/math.floor(-0.5), 1/math.ceil(-0.5))
