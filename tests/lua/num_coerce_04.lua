
print('tonumber(".5")', pcall(function() return tonumber(".5") end))
print('tonumber("5.")', pcall(function() return tonumber("5.") end))
print('tonumber("0x1F")', pcall(function() return tonumber("0x1F") end))
print('tonumber("")', pcall(function() return tonumber("") end))
print('tonumber(" ")', pcall(function() return tonumber(" ") end))
print('tonumber("- 1")', pcall(function() return tonumber("- 1") end))
