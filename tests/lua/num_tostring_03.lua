
print('0.1+0.2', pcall(function() return 0.1+0.2 end))
print('100', pcall(function() return 100 end))
print('-123.456', pcall(function() return -123.456 end))
print('1e100', pcall(function() return 1e100 end))
print('5e-324', pcall(function() return 5e-324 end))
print('2^-1074', pcall(function() return 2^-1074 end))
