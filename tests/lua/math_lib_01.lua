
print('math.floor(3.7)', pcall(function() return math.floor(3.7) end))
print('math.floor(-3.7)', pcall(function() return math.floor(-3.7) end))
print('math.ceil(3.2)', pcall(function() return math.ceil(3.2) end))
print('math.ceil(-3.2)', pcall(function() return math.ceil(-3.2) end))
print('math.abs(-4)', pcall(function() return math.abs(-4) end))
print('math.max(1, 5, 3)', pcall(function() return math.max(1, 5, 3) end))
