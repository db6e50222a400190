
print("string.format('%%')", pcall(function() return string.format('%%') end))
print("string.format('%5.2f%%', 99.5)", pcall(function() return string.format('%5.2f%%', 99.5) end))
print("string.format('%d', 2^31)", pcall(function() return string.format('%d', 2^31) end))
print("string.format('%d', -2^31)", pcall(function() return string.format('%d', -2^31) end))
print("string.format('%+.2e', 12345)", pcall(function() return string.format('%+.2e', 12345) end))
print("string.format('% d', 7)", pcall(function() return string.format('% d', 7) end))
