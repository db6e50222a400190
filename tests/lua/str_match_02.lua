
print("string.match('abc', '()')", pcall(function() return string.match('abc', '()') end))
print("string.match('hello', 'h(.)(.)')", pcall(function() return string.match('hello', 'h(.)(.)') end))
print("string.match('x = 10', '^(%a+)%s*=%s*(%d+)$')", pcall(function() return string.match('x = 10', '^(%a+)%s*=%s*(%d+)$') end))
print("string.match('abab', '(ab)%1')", pcall(function() return string.match('abab', '(ab)%1') end))
print("string.match('abba', '(a)(b)%2%1')", pcall(function() return string.match('abba', '(a)(b)%2%1') end))
print("string.match('aaa', 'a*')", pcall(function() return string.match('aaa', 'a*') end))
