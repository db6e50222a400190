-- pcall inside a coroutine, and yields outside the pcall
local co = coroutine.create(function()
  local ok, e = pcall(function() error("caught inside", 0) end)
  coroutine.yield("after pcall", ok, e)
  local ok2, v = pcall(function() return "fine" end)
  coroutine.yield(ok2, v)
  local ok3, e3 = pcall(error, {k = "v"})
  return ok3, type(e3), e3.k
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
local co2 = coroutine.create(function()
  for i = 1, 3 do
    local ok, e = pcall(function() if i == 2 then error("bad " .. i, 0) end return i end)
    coroutine.yield(ok, e)
  end
end)
for _ = 1, 4 do print(coroutine.resume(co2)) end
