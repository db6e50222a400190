
print('setmetatable({}, {__index = {a = 1}}).a', pcall(function() return setmetatable({}, {__index = {a = 1}}).a end))
print('setmetatable({}, {__index = function(t, k) return k * 2 end})[21]', pcall(function() return setmetatable({}, {__index = function(t, k) return k * 2 end})[21] end))
print("rawget(setmetatable({}, {__index = {a = 1}}), 'a')", pcall(function() return rawget(setmetatable({}, {__index = {a = 1}}), 'a') end))
print('getmetatable(setmetatable({}, {__metatable = false}))', pcall(function() return getmetatable(setmetatable({}, {__metatable = false})) end))
print('#setmetatable({1, 2}, {__len = function() return 9 end})', pcall(function() return #setmetatable({1, 2}, {__len = function() return 9 end}) end))
print("tostring(setmetatable({}, {__tostring = function() return 'T' end}))", pcall(function() return tostring(setmetatable({}, {__tostring = function() return 'T' end})) end))
