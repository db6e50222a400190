
print('math.floor(-0.0)', pcall(function() return math.floor(-0.0) end))
print('math.ceil(-0.5)', pcall(function() return math.ceil(-0.5) end))
print('math.abs(-0.0)', pcall(function() return math.abs(-0.0) end))
print('math.max(-1, -2, -3)', pcall(function() return math.max(-1, -2, -3) end))
print('math.min(1, 2, -3)', pcall(function() return math.min(1, 2, -3) end))
print('math.sqrt(2)', pcall(function() return math.sqrt(2) end))
