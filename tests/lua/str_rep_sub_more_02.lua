
print("('abcdef'):sub(-3, -2)", pcall(function() return ('abcdef'):sub(-3, -2) end))
print("('abcdef'):sub(4, 100)", pcall(function() return ('abcdef'):sub(4, 100) end))
print("('abcdef'):sub(0, 0)", pcall(function() return ('abcdef'):sub(0, 0) end))
print("('abcdef'):sub(-100, 2)", pcall(function() return ('abcdef'):sub(-100, 2) end))
print("string.sub('abc', 2, 1.9)", pcall(function() return string.sub('abc', 2, 1.9) end))
print("string.sub('abc', '2')", pcall(function() return string.sub('abc', '2') end))
