
print('0.1 + 0.7', pcall(function() return 0.1 + 0.7 end))
print('1e15 + 0.3', pcall(function() return 1e15 + 0.3 end))
print('99999999999999', pcall(function() return 99999999999999 end))
print('999999999999999', pcall(function() return 999999999999999 end))
print('-99999999999999', pcall(function() return -99999999999999 end))
print('1e-4', pcall(function() return 1e-4 end))
