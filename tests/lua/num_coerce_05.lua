
print('tonumber("inf")', pcall(function() return tonumber("inf") end))
print('tonumber("nan")', pcall(function() return tonumber("nan") end))
print('tonumber(nil)', pcall(function() return tonumber(nil) end))
print('tonumber(true)', pcall(function() return tonumber(true) end))
print('tonumber({})', pcall(function() return tonumber({}) end))
print('tonumber("10", 2)', pcall(function() return tonumber("10", 2) end))
