
print('tonumber("1", 1)', pcall(function() return tonumber("1", 1) end))
print('tonumber("1", 37)', pcall(function() return tonumber("1", 37) end))
