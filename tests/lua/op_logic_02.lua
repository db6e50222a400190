
print('1 and nil or 3', pcall(function() return 1 and nil or 3 end))
print('nil and nil or false', pcall(function() return nil and nil or false end))
print('(nil or false) == false', pcall(function() return (nil or false) == false end))
print("0 and 'zero is true'", pcall(function() return 0 and 'zero is true' end))
print("'' and 'empty is true'", pcall(function() return '' and 'empty is true' end))
print('not (1 and nil)', pcall(function() return not (1 and nil) end))
