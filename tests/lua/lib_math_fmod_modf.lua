-- fmod keeps the sign of x; modf splits with the sign of x on both parts; math.mod is fmod
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7, -3), math.fmod(5.5, 2), math.mod(10, 4))
print(math.fmod(1, 0), math.fmod(0, 1), math.fmod(-0.0, 1), math.fmod(1/0, 2), math.fmod(3, 1/0), math.fmod(1e300, 3))
for _, v in ipairs({0, -0.0, 1, -1, 0.5, 3.7, -3.7, -5, 1e300, 1/0, -1/0, 2^53 + 0.5}) do
  print(v, math.modf(v))
end
print(pcall(math.fmod, 1), pcall(math.modf), pcall(math.mod, "a", 1), math.mod == math.fmod)
