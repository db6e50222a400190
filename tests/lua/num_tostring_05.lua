
print('1e-5', pcall(function() return 1e-5 end))
print('0.0001', pcall(function() return 0.0001 end))
print('123e-7', pcall(function() return 123e-7 end))
print('2^31', pcall(function() return 2^31 end))
print('-2^31', pcall(function() return -2^31 end))
print('2^32+0.5', pcall(function() return 2^32+0.5 end))
