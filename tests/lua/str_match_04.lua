
print("string.match('\\0ab', '%z')", pcall(function() return string.match('\0ab', '%z') end))
print("string.match('tab\\there', '%s')", pcall(function() return string.match('tab\there', '%s') end))
print("string.match('a,b;c', '[,;]')", pcall(function() return string.match('a,b;c', '[,;]') end))
print("string.match('a]b', '[]]')", pcall(function() return string.match('a]b', '[]]') end))
print("string.match('a-b', '[a-]+')", pcall(function() return string.match('a-b', '[a-]+') end))
print("string.match('A1_b', '[%w_]+')", pcall(function() return string.match('A1_b', '[%w_]+') end))
