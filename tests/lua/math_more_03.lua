
print('math.modf(-0.5)', pcall(function() return math.modf(-0.5) end))
print('math.modf(2^53)', pcall(function() return math.modf(2^53) end))
print('math.frexp(1)', pcall(function() return math.frexp(1) end))
print('math.frexp(-3)', pcall(function() return math.frexp(-3) end))
print('math.ldexp(1, -1074)', pcall(function() return math.ldexp(1, -1074) end))
print('math.ldexp(1, 1024)', pcall(function() return math.ldexp(1, 1024) end))
