
print('coroutine.status(coroutine.create(function() end))', pcall(function() return coroutine.status(coroutine.create(function() end)) end))
print('(function() local co = coroutine.create(function() end) coroutine.resume(co) return coroutine.status(co) end)()', pcall(function() return (function() local co = coroutine.create(function() end) coroutine.resume(co) return coroutine.status(co) end)() end))
print('(function() local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) return coroutine.status(co) end)()', pcall(function() return (function() local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) return coroutine.status(co) end)() end))
print('coroutine.resume(coroutine.create(function(...) return ... end), 1, 2, 3)', pcall(function() return coroutine.resume(coroutine.create(function(...) return ... end), 1, 2, 3) end))
print('coroutine.resume(coroutine.create(function() return coroutine.yield(1) end))', pcall(function() return coroutine.resume(coroutine.create(function() return coroutine.yield(1) end)) end))
print('coroutine.status(nil)', pcall(function() return coroutine.status(nil) end))
