
print('0 == -0', pcall(function() return 0 == -0 end))
print('1/0 > 1e308', pcall(function() return 1/0 > 1e308 end))
print("'\\255' > 'a'", pcall(function() return '\255' > 'a' end))
print('function() end < 1', pcall(function() return function() end < 1 end))
