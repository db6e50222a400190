
print('tonumber("ff", 16)', pcall(function() return tonumber("ff", 16) end))
print('tonumber("zz", 36)', pcall(function() return tonumber("zz", 36) end))
print('tonumber("777", 8)', pcall(function() return tonumber("777", 8) end))
print('tonumber("12", 3)', pcall(function() return tonumber("12", 3) end))
print('tonumber("8", 8)', pcall(function() return tonumber("8", 8) end))
print('tonumber(" 11 ", 2)', pcall(function() return tonumber(" 11 ", 2) end))
