
print("string.find('abc', 'c$')", pcall(function() return string.find('abc', 'c$') end))
print("string.find('a$c', '$c')", pcall(function() return string.find('a$c', '$c') end))
