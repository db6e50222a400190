-- math.fmod truncates toward zero; math.modf splits integer and fraction
local pairs_ = {{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {5.5, 2}, {-5.5, 2}, {1, 0.25}, {0, 3}}
for _, p in ipairs(pairs_) do
  print("fmod", p[1], p[2], math.fmod(p[1], p[2]), p[1] % p[2])
end
print(math.fmod(1, 0) ~= math.fmod(1, 0))
print(math.fmod(5, math.huge))
for _, v in ipairs({3.7, -3.7, 5, -5, 0.5, -0.5, 0, 1e15 + 0.25}) do
  print("modf", v, math.modf(v))
end
print(math.modf(math.huge))
print(math.modf(-math.huge))
print(pcall(math.fmod, 1))
print(select('#', math.modf(1.5)))
