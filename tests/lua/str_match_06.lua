
print("string.match('x', '%1')", pcall(function() return string.match('x', '%1') end))
print("string.match('x', '%b')", pcall(function() return string.match('x', '%b') end))
print("string.match('x', '%f')", pcall(function() return string.match('x', '%f') end))
print("string.match('a', '(()')", pcall(function() return string.match('a', '(()') end))
print("string.match(string.rep('a', 40), string.rep('(a)', 33))", pcall(function() return string.match(string.rep('a', 40), string.rep('(a)', 33)) end))
