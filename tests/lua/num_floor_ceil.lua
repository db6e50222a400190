-- floor and ceil including negative zero results
local values = {0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.999, -2.999, 1e15 + 0.5, -1e15 - 0.5,
  2^53, math.huge, -math.huge, 0.1, -0.1}
for _, v in ipairs(values) do
  print(v, math.floor(v), math.ceil(v))
end
print(math.floor(3), math.ceil(3), math.floor(-3), math.ceil(-3))
print(pcall(math.floor, "x"))
print(pcall(math.ceil))
print(math.floor("2.5"), math.ceil("2.5"))
local function round(x) return math.floor(x + 0.5) end
for _, v in ipairs({0.4, 0.5, 1.5, 2.5, -0.5, -1.5, -2.4}) do io.write(round(v), " ") end
print()
local function trunc(x) if x >= 0 then return math.floor(x) else return math.ceil(x) end end
for _, v in ipairs({3.9, -3.9, 0.1, -0.1}) do io.write(trunc(v), " ") end
print()
print(math.floor(-0.0), math.ceil(-0.0), math.floor(1e300), math.ceil(-1e300))
print(math.floor(2^31 + 0.5), math.floor(-2^31 - 0.5), math.floor(2^52 + 0.5))
