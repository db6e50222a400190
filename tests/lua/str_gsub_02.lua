
print("string.gsub('abc', '.', {a='A'})", pcall(function() return string.gsub('abc', '.', {a='A'}) end))
print("string.gsub('hello', 'l', 'L', 1)", pcall(function() return string.gsub('hello', 'l', 'L', 1) end))
print("string.gsub('hello', 'l', 'L', 0)", pcall(function() return string.gsub('hello', 'l', 'L', 0) end))
print("string.gsub('abc', '^a', 'X')", pcall(function() return string.gsub('abc', '^a', 'X') end))
print("string.gsub('aaa', '^a', 'X')", pcall(function() return string.gsub('aaa', '^a', 'X') end))
print("string.gsub('x y', '%s', '%%')", pcall(function() return string.gsub('x y', '%s', '%%') end))
