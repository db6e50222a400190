
print('1e15', pcall(function() return 1e15 end))
print('1e16', pcall(function() return 1e16 end))
print('0.1', pcall(function() return 0.1 end))
print('1/3', pcall(function() return 1/3 end))
print('-0', pcall(function() return -0 end))
print('2^53', pcall(function() return 2^53 end))
