
print('12345.6789e10', pcall(function() return 12345.6789e10 end))
print('3.14159265358979', pcall(function() return 3.14159265358979 end))
print('1/7', pcall(function() return 1/7 end))
print('-1/7', pcall(function() return -1/7 end))
print('255/256', pcall(function() return 255/256 end))
print('1e14', pcall(function() return 1e14 end))
