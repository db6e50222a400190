
print("string.format('%c%c%c', 76, 117, 97)", pcall(function() return string.format('%c%c%c', 76, 117, 97) end))
print("string.format('%q', 'line1\\nline2')", pcall(function() return string.format('%q', 'line1\nline2') end))
print('string.format(\'%q\', \'\\0\\r\\\\"\')', pcall(function() return string.format('%q', '\0\r\\"') end))
print("string.format('%s', 12)", pcall(function() return string.format('%s', 12) end))
print("string.format('%.2s', 'abc')", pcall(function() return string.format('%.2s', 'abc') end))
print("string.format('%10.3s|', 'abcdef')", pcall(function() return string.format('%10.3s|', 'abcdef') end))
