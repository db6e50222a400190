
print('math.frexp(0)', pcall(function() return math.frexp(0) end))
print('math.frexp(-0.375)', pcall(function() return math.frexp(-0.375) end))
print('math.ldexp(0.5, 4)', pcall(function() return math.ldexp(0.5, 4) end))
print('math.mod(7, 3)', pcall(function() return math.mod(7, 3) end))
print('math.tan(0)', pcall(function() return math.tan(0) end))
print('math.atan2(1, 1)', pcall(function() return math.atan2(1, 1) end))
