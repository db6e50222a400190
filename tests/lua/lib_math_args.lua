-- argument conversion and error messages shared by the math functions
print(math.abs("-3"), math.abs(" 10 "), math.abs("0x10"), math.abs("1e1"), math.sin("0"), math.cos(" 0x10 ") == math.cos(16))
for _, f in ipairs({"abs", "sin", "floor", "sqrt", "exp", "frexp", "modf", "deg"}) do
  print(f, pcall(math[f]))
  print(f, pcall(math[f], "x"))
  print(f, pcall(math[f], {}))
end
print(pcall(math.atan2, 1))
print(pcall(math.fmod, nil, 1))
print(pcall(math.ldexp, 1, nil))
print(pcall(math.randomseed))
print(pcall(math.randomseed, "x"))
local ok, e = pcall(function() return math.floor("nope") end) print(ok, e)
print(select("#", math.randomseed(42)), select("#", math.frexp(8)), select("#", math.modf(2.5)))
