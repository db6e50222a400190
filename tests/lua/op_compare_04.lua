
print('2 >= 3', pcall(function() return 2 >= 3 end))
print('not 1 == 2', pcall(function() return not 1 == 2 end))
print('not nil', pcall(function() return not nil end))
print('not not 0', pcall(function() return not not 0 end))
print('1 ~= 2', pcall(function() return 1 ~= 2 end))
print("'a' ~= 'a'", pcall(function() return 'a' ~= 'a' end))
