
print('1e-5', pcall(function() return 1e-5 end))
print('123.456e2', pcall(function() return 123.456e2 end))
print('5 // 1 == nil', pcall(function() return 5 // 1 == nil end))
print('8 % 3.5', pcall(function() return 8 % 3.5 end))
print('-8 % 3.5', pcall(function() return -8 % 3.5 end))
print('2^0', pcall(function() return 2^0 end))
