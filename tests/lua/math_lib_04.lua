
print('math.log(1)', pcall(function() return math.log(1) end))
print('math.log10(1000)', pcall(function() return math.log10(1000) end))
print('math.pow(2, 10)', pcall(function() return math.pow(2, 10) end))
print('math.deg(math.pi)', pcall(function() return math.deg(math.pi) end))
print('math.rad(180)', pcall(function() return math.rad(180) end))
print('math.frexp(8)', pcall(function() return math.frexp(8) end))
