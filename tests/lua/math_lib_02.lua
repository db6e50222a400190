
print('math.min(4, 2, 8)', pcall(function() return math.min(4, 2, 8) end))
print('math.max(1)', pcall(function() return math.max(1) end))
print('math.sqrt(16)', pcall(function() return math.sqrt(16) end))
print('math.fmod(7, 3)', pcall(function() return math.fmod(7, 3) end))
print('math.fmod(-7, 3)', pcall(function() return math.fmod(-7, 3) end))
print('math.modf(3.7)', pcall(function() return math.modf(3.7) end))
