
print("string.format('%#o', 8)", pcall(function() return string.format('%#o', 8) end))
print("string.format('%#x', 0)", pcall(function() return string.format('%#x', 0) end))
print("string.format('%.0f', 0.5)", pcall(function() return string.format('%.0f', 0.5) end))
print("string.format('%.0f', 1.5)", pcall(function() return string.format('%.0f', 1.5) end))
print("string.format('%.0f', 2.5)", pcall(function() return string.format('%.0f', 2.5) end))
print("string.format('%.1f', 0.05)", pcall(function() return string.format('%.1f', 0.05) end))
