
print("string.find('hello world', 'o')", pcall(function() return string.find('hello world', 'o') end))
print("string.find('hello world', 'o', 6)", pcall(function() return string.find('hello world', 'o', 6) end))
print("string.find('hello', 'l+')", pcall(function() return string.find('hello', 'l+') end))
print("string.find('hello', 'xyz')", pcall(function() return string.find('hello', 'xyz') end))
print("string.find('a.b', '.', 1, true)", pcall(function() return string.find('a.b', '.', 1, true) end))
print("string.find('a.b', '%.')", pcall(function() return string.find('a.b', '%.') end))
