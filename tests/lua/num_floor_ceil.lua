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
