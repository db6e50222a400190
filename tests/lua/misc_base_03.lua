
print('_VERSION', pcall(function() return _VERSION end))
print('type(_G)', pcall(function() return type(_G) end))
print('_G._G == _G', pcall(function() return _G._G == _G end))
print('type(coroutine.create(function() end))', pcall(function() return type(coroutine.create(function() end)) end))
print("select('#', nil, nil)", pcall(function() return select('#', nil, nil) end))
print('assert(1, 2, 3)', pcall(function() return assert(1, 2, 3) end))
