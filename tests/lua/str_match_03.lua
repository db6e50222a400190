
print("string.match('aaa', 'a-')", pcall(function() return string.match('aaa', 'a-') end))
print("string.match('aaa', 'a-$')", pcall(function() return string.match('aaa', 'a-$') end))
print("string.match('ab', 'a?b')", pcall(function() return string.match('ab', 'a?b') end))
print("string.match('b', 'a?b')", pcall(function() return string.match('b', 'a?b') end))
print("string.match('THE END', '%u+')", pcall(function() return string.match('THE END', '%u+') end))
print("string.match('x1y2', '%d')", pcall(function() return string.match('x1y2', '%d') end))
