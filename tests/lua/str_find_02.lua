
print("string.find('abc', '')", pcall(function() return string.find('abc', '') end))
print("string.find('abc', '', 10)", pcall(function() return string.find('abc', '', 10) end))
print("string.find('abc', '', 4)", pcall(function() return string.find('abc', '', 4) end))
print("string.find('abc', 'c', -1)", pcall(function() return string.find('abc', 'c', -1) end))
print("string.find('abc', 'a', -10)", pcall(function() return string.find('abc', 'a', -10) end))
print("string.find('aaa', 'a-', 2)", pcall(function() return string.find('aaa', 'a-', 2) end))
