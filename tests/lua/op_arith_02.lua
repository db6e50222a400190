
print('2^10', pcall(function() return 2^10 end))
print('2^0.5', pcall(function() return 2^0.5 end))
print('(-8)^(1/3)', pcall(function() return (-8)^(1/3) end))
print('-2^2', pcall(function() return -2^2 end))
print('2^-2', pcall(function() return 2^-2 end))
print('2^3^2', pcall(function() return 2^3^2 end))
