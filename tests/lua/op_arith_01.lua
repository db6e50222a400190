
print('7 % 3', pcall(function() return 7 % 3 end))
print('-7 % 3', pcall(function() return -7 % 3 end))
print('7 % -3', pcall(function() return 7 % -3 end))
print('-7 % -3', pcall(function() return -7 % -3 end))
print('5.5 % 2', pcall(function() return 5.5 % 2 end))
print('-5.5 % 2', pcall(function() return -5.5 % 2 end))
