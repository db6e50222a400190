
print("string.upper('mIxEd 123')", pcall(function() return string.upper('mIxEd 123') end))
print("string.lower('MiXeD')", pcall(function() return string.lower('MiXeD') end))
print("string.len('a\\0b')", pcall(function() return string.len('a\0b') end))
print("string.reverse('abc')", pcall(function() return string.reverse('abc') end))
print("string.reverse('')", pcall(function() return string.reverse('') end))
print("('x'):upper()", pcall(function() return ('x'):upper() end))
