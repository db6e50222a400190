
print('setmetatable({}, {__call = function(_, x) return x + 1 end})(41)', pcall(function() return setmetatable({}, {__call = function(_, x) return x + 1 end})(41) end))
print("setmetatable({}, {__unm = function() return 'neg' end}) and -setmetatable({}, {__unm = function() return 'neg' end})", pcall(function() return setmetatable({}, {__unm = function() return 'neg' end}) and -setmetatable({}, {__unm = function() return 'neg' end}) end))
print("setmetatable({}, {__concat = function(a, b) return 'cc' end}) .. 1", pcall(function() return setmetatable({}, {__concat = function(a, b) return 'cc' end}) .. 1 end))
print('1 .. setmetatable({}, {__concat = function(a, b) return type(a) end})', pcall(function() return 1 .. setmetatable({}, {__concat = function(a, b) return type(a) end}) end))
print('setmetatable({}, {__eq = function() return true end}) == setmetatable({}, {__eq = function() return true end})', pcall(function() return setmetatable({}, {__eq = function() return true end}) == setmetatable({}, {__eq = function() return true end}) end))
print('setmetatable({}, {__lt = function() return true end}) < setmetatable({}, {__lt = function() return true end})', pcall(function() return setmetatable({}, {__lt = function() return true end}) < setmetatable({}, {__lt = function() return true end}) end))
