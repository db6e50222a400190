
print("('%d'):format(42)", pcall(function() return ('%d'):format(42) end))
print("('%s|%s'):format('a', 'b')", pcall(function() return ('%s|%s'):format('a', 'b') end))
print("string.format('%5.1s|', 'abc')", pcall(function() return string.format('%5.1s|', 'abc') end))
print("string.format('%-5d|', -7)", pcall(function() return string.format('%-5d|', -7) end))
print("string.format('%+5.1f', 2.25)", pcall(function() return string.format('%+5.1f', 2.25) end))
print("string.format('%o %X', 8, 254)", pcall(function() return string.format('%o %X', 8, 254) end))
