
print('1 < 2', pcall(function() return 1 < 2 end))
print('2 <= 2', pcall(function() return 2 <= 2 end))
print("'a' < 'b'", pcall(function() return 'a' < 'b' end))
print("'a' < 'B'", pcall(function() return 'a' < 'B' end))
print("'abc' < 'abd'", pcall(function() return 'abc' < 'abd' end))
print("'' < 'a'", pcall(function() return '' < 'a' end))
