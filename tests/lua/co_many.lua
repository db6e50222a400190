-- many coroutines alive at once, resumed round-robin
local tasks = {}
local log = {}
for id = 1, 5 do
  tasks[id] = coroutine.create(function()
    for step = 1, id do
      log[#log + 1] = id .. ":" .. step
      coroutine.yield()
    end
  end)
end
local alive = #tasks
while alive > 0 do
  alive = 0
  for id = 1, #tasks do
    if coroutine.status(tasks[id]) == "suspended" then
      coroutine.resume(tasks[id])
      if coroutine.status(tasks[id]) == "suspended" then alive = alive + 1 end
    end
  end
end
print(#log)
print(table.concat(log, " "))
local counters = {}
for i = 1, 1000 do
  counters[i] = coroutine.wrap(function() local n = 0 while true do n = n + i coroutine.yield(n) end end)
end
local total = 0
for round = 1, 3 do for i = 1, 1000 do total = total + counters[i]() end end
print(total)
