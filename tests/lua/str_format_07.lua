
print("string.format('%.123f', 1)", pcall(function() return string.format('%.123f', 1) end))
print("string.format('%5s|%-5s|', 'a', 'b')", pcall(function() return string.format('%5s|%-5s|', 'a', 'b') end))
print("string.format('%i', 42)", pcall(function() return string.format('%i', 42) end))
print("string.format('%u', 42)", pcall(function() return string.format('%u', 42) end))
print("string.format('%g', 0.1)", pcall(function() return string.format('%g', 0.1) end))
print("string.format('%g', 100000)", pcall(function() return string.format('%g', 100000) end))
