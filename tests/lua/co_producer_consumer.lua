-- producer/consumer pipeline with filters
local function producer(items)
  return coroutine.create(function()
    for _, item in ipairs(items) do coroutine.yield(item) end
  end)
end
local function receive(prod)
  local ok, v = coroutine.resume(prod)
  return v
end
local function filter(prod, pred)
  return coroutine.create(function()
    while true do
      local v = receive(prod)
      if v == nil then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local function mapper(prod, f)
  return coroutine.create(function()
    for v in function() return receive(prod) end do coroutine.yield(f(v)) end
  end)
end
local p = producer({1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
local evens = filter(p, function(v) return v % 2 == 0 end)
local scaled = mapper(evens, function(v) return v * 100 end)
local out = {}
while true do
  local v = receive(scaled)
  if v == nil then break end
  out[#out + 1] = v
end
print(table.concat(out, " "))
print(coroutine.status(p), coroutine.status(evens), coroutine.status(scaled))
