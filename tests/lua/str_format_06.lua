
print("string.format('%y', 1)", pcall(function() return string.format('%y', 1) end))
print("string.format('%d')", pcall(function() return string.format('%d') end))
print("string.format('%d', 'x')", pcall(function() return string.format('%d', 'x') end))
print("string.format('%s')", pcall(function() return string.format('%s') end))
print("string.format('%123d', 1)", pcall(function() return string.format('%123d', 1) end))
print("string.format('%------d', 1)", pcall(function() return string.format('%------d', 1) end))
