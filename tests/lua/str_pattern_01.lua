
print("string.match('hello world', '%a+', 3)", pcall(function() return string.match('hello world', '%a+', 3) end))
print("string.match('abc123def', '%d+')", pcall(function() return string.match('abc123def', '%d+') end))
print("string.match('  x', '^%s*()')", pcall(function() return string.match('  x', '^%s*()') end))
print("string.match('[[nested]]', '%[(%b[])%]')", pcall(function() return string.match('[[nested]]', '%[(%b[])%]') end))
print("string.match('a.b.c', '^(.-)%.')", pcall(function() return string.match('a.b.c', '^(.-)%.') end))
print("string.match('a.b.c', '^(.*)%.')", pcall(function() return string.match('a.b.c', '^(.*)%.') end))
