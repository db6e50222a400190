
print("string.format('%#g', 1)", pcall(function() return string.format('%#g', 1) end))
print("string.format('%5.1E', 1234.5)", pcall(function() return string.format('%5.1E', 1234.5) end))
print("string.format('%s %s', 1, 2)", pcall(function() return string.format('%s %s', 1, 2) end))
print("string.format('%d', 0/0)", pcall(function() return string.format('%d', 0/0) end))
