
print("1 < '2'", pcall(function() return 1 < '2' end))
print('{} < {}', pcall(function() return {} < {} end))
print('nil < 1', pcall(function() return nil < 1 end))
print('true < false', pcall(function() return true < false end))
print("'10' < '9'", pcall(function() return '10' < '9' end))
print('2 > 1', pcall(function() return 2 > 1 end))
