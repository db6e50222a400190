
print('math.modf(-3.7)', pcall(function() return math.modf(-3.7) end))
print('math.huge > 1e308', pcall(function() return math.huge > 1e308 end))
print('math.pi', pcall(function() return math.pi end))
print('math.sin(0)', pcall(function() return math.sin(0) end))
print('math.cos(0)', pcall(function() return math.cos(0) end))
print('math.exp(0)', pcall(function() return math.exp(0) end))
