-- A chain of resumers is reachable only through the running coroutine: each one's handle
-- sits in its resumer's stack, which is swapped out while the chain runs. Full collections
-- at the bottom, then the chain unwinds through yields and returns, checking statuses and
-- locals on the way (a collected resumer would be a stale handle here).
local function deep(n)
  local me = coroutine.running()
  local guard = {n = n, tag = "level" .. n}
  if n == 0 then
    collectgarbage(); collectgarbage()
    local got = coroutine.yield("bottom")
    collectgarbage()
    return "bottom got " .. tostring(got)
  end
  local child = coroutine.create(deep)
  local ok, v = coroutine.resume(child, n - 1)
  collectgarbage()
  print(n, ok, v, coroutine.status(child), coroutine.status(me), guard.tag)
  local ok2, v2 = coroutine.resume(child, "x" .. n)
  print(n, ok2, v2, coroutine.status(child))
  return guard.tag
end
print(coroutine.resume(coroutine.create(deep), 5))

-- Resumers left normal while a grandchild runs a collection, then finished in order.
local trail = {}
local a = coroutine.wrap(function()
  local b = coroutine.wrap(function()
    local c = coroutine.wrap(function()
      for i = 1, 3 do
        collectgarbage()
        trail[#trail + 1] = "c" .. i
        coroutine.yield(i)
      end
    end)
    for i = 1, 3 do
      local v = c()
      trail[#trail + 1] = "b" .. v
      coroutine.yield(v * 10)
    end
  end)
  for i = 1, 3 do
    trail[#trail + 1] = "a" .. b()
  end
  return "a done"
end)
print(a())
print(table.concat(trail, " "))
