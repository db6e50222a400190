
print("string.match('abc', '[%a-]+')", pcall(function() return string.match('abc', '[%a-]+') end))
print("string.match('a-z', '[a%-z]+')", pcall(function() return string.match('a-z', '[a%-z]+') end))
print("string.match('%d', '%%d')", pcall(function() return string.match('%d', '%%d') end))
print("string.match('1+1=2', '%d%+%d')", pcall(function() return string.match('1+1=2', '%d%+%d') end))
print("string.match('ab\ncd', 'b.c')", pcall(function() return string.match('ab
cd', 'b.c') end))
print("string.match('caps LOCK', '%l+ (%u+)')", pcall(function() return string.match('caps LOCK', '%l+ (%u+)') end))
