
print('setmetatable({}, {__le = function() return false end}) <= setmetatable({}, {__le = function() return false end})', pcall(function() return setmetatable({}, {__le = function() return false end}) <= setmetatable({}, {__le = function() return false end}) end))
print("setmetatable({}, {__mod = function() return 'mod' end}) % 2", pcall(function() return setmetatable({}, {__mod = function() return 'mod' end}) % 2 end))
print("2 ^ setmetatable({}, {__pow = function() return 'pow' end})", pcall(function() return 2 ^ setmetatable({}, {__pow = function() return 'pow' end}) end))
print('setmetatable({}, {__div = function(a, b) return b end}) / 5', pcall(function() return setmetatable({}, {__div = function(a, b) return b end}) / 5 end))
print("setmetatable({}, {__index = 'str'}).len == string.len", pcall(function() return setmetatable({}, {__index = 'str'}).len == string.len end))
print("setmetatable({}, {__newindex = function() error('ro') end}).x == nil", pcall(function() return setmetatable({}, {__newindex = function() error('ro') end}).x == nil end))
