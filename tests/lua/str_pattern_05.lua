
print("string.match('x', '[^%a]')", pcall(function() return string.match('x', '[^%a]') end))
print("string.match('<a><b>', '<(.-)>')", pcall(function() return string.match('<a><b>', '<(.-)>') end))
print("string.match('<a><b>', '<(.*)>')", pcall(function() return string.match('<a><b>', '<(.*)>') end))
print("string.match('key: value', '(%w+):%s*(%w+)')", pcall(function() return string.match('key: value', '(%w+):%s*(%w+)') end))
print("string.match('(1+(2*3))', '%b()')", pcall(function() return string.match('(1+(2*3))', '%b()') end))
print("string.match('if x then y end', '%f[%w]then%f[%W]')", pcall(function() return string.match('if x then y end', '%f[%w]then%f[%W]') end))
