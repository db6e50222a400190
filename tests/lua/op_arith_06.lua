
print("'a' + 1", pcall(function() return 'a' + 1 end))
print('nil - 1', pcall(function() return nil - 1 end))
print('(function() end) * 2', pcall(function() return (function() end) * 2 end))
print('true / 1', pcall(function() return true / 1 end))
print('-{}', pcall(function() return -{} end))
print("-'x'", pcall(function() return -'x' end))
