
print("string.match('path/to/file.txt', '([^/]+)$')", pcall(function() return string.match('path/to/file.txt', '([^/]+)$') end))
print("string.match('path/to/file.txt', '%.(%w+)$')", pcall(function() return string.match('path/to/file.txt', '%.(%w+)$') end))
print("string.match('CamelCaseWord', '%u%l+', 2)", pcall(function() return string.match('CamelCaseWord', '%u%l+', 2) end))
print("string.match('x=1,y=2', 'y=(%d)')", pcall(function() return string.match('x=1,y=2', 'y=(%d)') end))
print("string.match('aaa', '^(a-)a$')", pcall(function() return string.match('aaa', '^(a-)a$') end))
print("string.match('hello', '(h)(e)(l)(l)(o)')", pcall(function() return string.match('hello', '(h)(e)(l)(l)(o)') end))
