
print("string.match('key=val', '(%w+)=(%w+)')", pcall(function() return string.match('key=val', '(%w+)=(%w+)') end))
print("string.match('  trim  ', '^%s*(.-)%s*$')", pcall(function() return string.match('  trim  ', '^%s*(.-)%s*$') end))
print("string.match('2024-01-05', '(%d+)-(%d+)-(%d+)')", pcall(function() return string.match('2024-01-05', '(%d+)-(%d+)-(%d+)') end))
print("string.match('hello', '.-(l+)(.*)')", pcall(function() return string.match('hello', '.-(l+)(.*)') end))
print("string.match('f(a(b)c)d', '%b()')", pcall(function() return string.match('f(a(b)c)d', '%b()') end))
print("string.match('abc', '(a)(b)(c)')", pcall(function() return string.match('abc', '(a)(b)(c)') end))
