
print("'a' .. 1 + 2", pcall(function() return 'a' .. 1 + 2 end))
print('1 + 2 < 4', pcall(function() return 1 + 2 < 4 end))
print('1 < 2 == true', pcall(function() return 1 < 2 == true end))
print('1 == 1 and 2 or 3', pcall(function() return 1 == 1 and 2 or 3 end))
print('nil or false and 1', pcall(function() return nil or false and 1 end))
print("#'abc' + 1", pcall(function() return #'abc' + 1 end))
