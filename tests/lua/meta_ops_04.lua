
print("(function() local t = setmetatable({}, {__newindex = function() error('ro', 0) end}) t.x = 1 end)()", pcall(function() return (function() local t = setmetatable({}, {__newindex = function() error('ro', 0) end}) t.x = 1 end)() end))
print("getmetatable('x').__index.upper('q')", pcall(function() return getmetatable('x').__index.upper('q') end))
print("('abc'):len()", pcall(function() return ('abc'):len() end))
print('(5):type()', pcall(function() return (5):type() end))
print("('x').y", pcall(function() return ('x').y end))
print('setmetatable({}, {__index = setmetatable({}, {__index = {deep = 1}})}).deep', pcall(function() return setmetatable({}, {__index = setmetatable({}, {__index = {deep = 1}})}).deep end))
