local log = {}
local inner = coroutine.create(function()
  log[#log + 1] = 'inner1'
  coroutine.yield('from inner')
  log[#log + 1] = 'inner2'
end)
local outer = coroutine.create(function()
  log[#log + 1] = 'outer1'
  print('outer sees', coroutine.resume(inner))
  print('inner status from outer', coroutine.status(inner))
  coroutine.yield('from outer')
  print('outer sees', coroutine.resume(inner))
  return 'outer done'
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
print(table.concat(log, ' '))
print(coroutine.status(outer), coroutine.status(inner))
local function deep(n) if n == 0 then return coroutine.yield('bottom') end return deep(n - 1) end
local co = coroutine.create(function() return deep(1000) end)
print(coroutine.resume(co))
print(coroutine.resume(co, 'back up'))
