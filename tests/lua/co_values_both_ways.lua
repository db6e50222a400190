-- values flow into resume/yield and back
local co = coroutine.create(function(a, b)
  print("started with", a, b)
  local c, d = coroutine.yield(a + b, a * b)
  print("got back", c, d)
  local e = coroutine.yield()
  print("then", e)
  return "finished", e and #e
end)
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, "x", "y"))
print(coroutine.resume(co, "last"))
print(coroutine.resume(co))
local echo = coroutine.create(function(...)
  local args = {...}
  local n = select('#', ...)
  while true do
    local new = {coroutine.yield(n, unpack(args, 1, n))}
    n = #new
    args = new
  end
end)
print(coroutine.resume(echo))
print(coroutine.resume(echo, 1, 2, 3))
print(coroutine.resume(echo, "single"))
print(coroutine.resume(echo))
local extra = coroutine.create(function(x) return x end)
print(coroutine.resume(extra, 1, 2, 3))
