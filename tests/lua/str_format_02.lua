
print("string.format('%g', 1e-5)", pcall(function() return string.format('%g', 1e-5) end))
print("string.format('%g', 123456789)", pcall(function() return string.format('%g', 123456789) end))
print("string.format('%G', 1e-20)", pcall(function() return string.format('%G', 1e-20) end))
print("string.format('%x', 255)", pcall(function() return string.format('%x', 255) end))
print("string.format('%X', 3735928559)", pcall(function() return string.format('%X', 3735928559) end))
print("string.format('%o', 64)", pcall(function() return string.format('%o', 64) end))
