
print('2^63', pcall(function() return 2^63 end))
print('1e300*1e10', pcall(function() return 1e300*1e10 end))
print('-1e300*1e10', pcall(function() return -1e300*1e10 end))
print('1e-310', pcall(function() return 1e-310 end))
print('123456789012345', pcall(function() return 123456789012345 end))
print('1234567890123456', pcall(function() return 1234567890123456 end))
