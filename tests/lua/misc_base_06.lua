
print("getmetatable('').__index == string", pcall(function() return getmetatable('').__index == string end))
print('getmetatable({})', pcall(function() return getmetatable({}) end))
print('setmetatable({}, nil) ~= nil', pcall(function() return setmetatable({}, nil) ~= nil end))
print('setmetatable({}, 1)', pcall(function() return setmetatable({}, 1) end))
print('setmetatable(1, {})', pcall(function() return setmetatable(1, {}) end))
print('rawset({}, nil, 1)', pcall(function() return rawset({}, nil, 1) end))
