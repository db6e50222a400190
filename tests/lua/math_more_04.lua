
print('math.atan2(0, -1)', pcall(function() return math.atan2(0, -1) end))
print('math.atan2(-1, 0)', pcall(function() return math.atan2(-1, 0) end))
print('math.cos(math.pi)', pcall(function() return math.cos(math.pi) end))
print('math.sin(math.pi / 2)', pcall(function() return math.sin(math.pi / 2) end))
print('math.floor(1e300)', pcall(function() return math.floor(1e300) end))
print('math.ceil(-1e-300)', pcall(function() return math.ceil(-1e-300) end))
