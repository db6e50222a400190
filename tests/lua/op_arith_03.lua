
print('1/0', pcall(function() return 1/0 end))
print('-1/0', pcall(function() return -1/0 end))
print('0/0 ~= 0/0', pcall(function() return 0/0 ~= 0/0 end))
print('10 - 2 - 3', pcall(function() return 10 - 2 - 3 end))
print('2 * 3 + 4 * 5', pcall(function() return 2 * 3 + 4 * 5 end))
print('7 / 2', pcall(function() return 7 / 2 end))
