
print('-"2"', pcall(function() return -"2" end))
print('"10" % 3', pcall(function() return "10" % 3 end))
print('"9" / "2"', pcall(function() return "9" / "2" end))
print('tonumber("  12  ")', pcall(function() return tonumber("  12  ") end))
print('tonumber("12a")', pcall(function() return tonumber("12a") end))
print('tonumber("1e5")', pcall(function() return tonumber("1e5") end))
