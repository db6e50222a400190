
print('2 + 3 * 4', pcall(function() return 2 + 3 * 4 end))
print('(2 + 3) * 4', pcall(function() return (2 + 3) * 4 end))
print('2 * 3 ^ 2', pcall(function() return 2 * 3 ^ 2 end))
print('-3 ^ 2', pcall(function() return -3 ^ 2 end))
print('not true == false', pcall(function() return not true == false end))
print('1 .. 2 .. 3', pcall(function() return 1 .. 2 .. 3 end))
