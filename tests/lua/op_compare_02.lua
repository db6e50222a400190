
print("'a\\0b' < 'a\\0c'", pcall(function() return 'a\0b' < 'a\0c' end))
print("'Z' < 'a'", pcall(function() return 'Z' < 'a' end))
print('1 == 1.0', pcall(function() return 1 == 1.0 end))
print("'1' == 1", pcall(function() return '1' == 1 end))
print('{} == {}', pcall(function() return {} == {} end))
print('nil == false', pcall(function() return nil == false end))
