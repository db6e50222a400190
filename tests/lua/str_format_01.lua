
print("string.format('%d', 3.7)", pcall(function() return string.format('%d', 3.7) end))
print("string.format('%d', -3.7)", pcall(function() return string.format('%d', -3.7) end))
print("string.format('%5d|%-5d|', 42, 42)", pcall(function() return string.format('%5d|%-5d|', 42, 42) end))
print("string.format('%05.1f', 3.14159)", pcall(function() return string.format('%05.1f', 3.14159) end))
print("string.format('%.3f', 2/3)", pcall(function() return string.format('%.3f', 2/3) end))
print("string.format('%e', 0)", pcall(function() return string.format('%e', 0) end))
