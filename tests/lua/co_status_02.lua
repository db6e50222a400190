
print('coroutine.resume(nil)', pcall(function() return coroutine.resume(nil) end))
print("coroutine.wrap(function() return 'w' end)()", pcall(function() return coroutine.wrap(function() return 'w' end)() end))
print('type(coroutine.running())', pcall(function() return type(coroutine.running()) end))
print('coroutine.yield()', pcall(function() return coroutine.yield() end))
print("select('#', coroutine.resume(coroutine.create(function() end)))", pcall(function() return select('#', coroutine.resume(coroutine.create(function() end))) end))
print('coroutine.resume(coroutine.create(function() local t = setmetatable({}, {__index = function() coroutine.yield() end}) return t.x end))', pcall(function() return coroutine.resume(coroutine.create(function() local t = setmetatable({}, {__index = function() coroutine.yield() end}) return t.x end)) end))
