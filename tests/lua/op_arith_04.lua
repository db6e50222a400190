
print('3 % math.huge', pcall(function() return 3 % math.huge end))
print('-3 % math.huge', pcall(function() return -3 % math.huge end))
print('5 % 0 ~= 5 % 0', pcall(function() return 5 % 0 ~= 5 % 0 end))
print('1e308 * 10', pcall(function() return 1e308 * 10 end))
print('-(2^53) - 1', pcall(function() return -(2^53) - 1 end))
print('0.1 * 3', pcall(function() return 0.1 * 3 end))
