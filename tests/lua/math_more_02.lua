
print('math.exp(1)', pcall(function() return math.exp(1) end))
print('math.log(math.exp(2))', pcall(function() return math.log(math.exp(2)) end))
print('math.log10(0.001)', pcall(function() return math.log10(0.001) end))
print('math.pow(2, 0.5)', pcall(function() return math.pow(2, 0.5) end))
print('math.fmod(5, -3)', pcall(function() return math.fmod(5, -3) end))
print('math.fmod(-5, -3)', pcall(function() return math.fmod(-5, -3) end))
