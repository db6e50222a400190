
print("-#'abc'", pcall(function() return -#'abc' end))
print('2 ^ 2 ^ 3', pcall(function() return 2 ^ 2 ^ 3 end))
print('10 - 5 - 2', pcall(function() return 10 - 5 - 2 end))
print('100 / 10 / 2', pcall(function() return 100 / 10 / 2 end))
print('7 % 4 % 3', pcall(function() return 7 % 4 % 3 end))
print('not not nil', pcall(function() return not not nil end))
