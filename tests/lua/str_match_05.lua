
print("string.match('hello', '[^aeiou]+')", pcall(function() return string.match('hello', '[^aeiou]+') end))
print("string.match('word boundary', '%f[%w]%w+$')", pcall(function() return string.match('word boundary', '%f[%w]%w+$') end))
print("string.match('x', '%')", pcall(function() return string.match('x', '%') end))
print("string.match('x', '[x')", pcall(function() return string.match('x', '[x') end))
print("string.match('x', '(')", pcall(function() return string.match('x', '(') end))
print("string.match('x', ')')", pcall(function() return string.match('x', ')') end))
