
print("string.format('%e', 1e-300)", pcall(function() return string.format('%e', 1e-300) end))
print("string.format('%g', 1e300)", pcall(function() return string.format('%g', 1e300) end))
print("string.format('%g', -0.0)", pcall(function() return string.format('%g', -0.0) end))
print("string.format('%.3g', 123456)", pcall(function() return string.format('%.3g', 123456) end))
print("string.format('%c', 0) == '\\0'", pcall(function() return string.format('%c', 0) == '\0' end))
print("string.format('%q', 1/3)", pcall(function() return string.format('%q', 1/3) end))
