-- yields inside loops
local function squares(n)
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i, i * i) end
    return "done"
  end)
end
local co = squares(4)
while true do
  local ok, i, sq = coroutine.resume(co)
  print(ok, i, sq, coroutine.status(co))
  if coroutine.status(co) == "dead" then break end
end
local w = coroutine.wrap(function()
  local i = 0
  while true do
    i = i + 1
    if i % 2 == 0 then coroutine.yield("even " .. i) end
    if i >= 8 then break end
  end
  repeat coroutine.yield("repeat") i = i - 3 until i < 0
  return "end"
end)
for _ = 1, 8 do print(w()) end
local nested = coroutine.wrap(function()
  for a = 1, 2 do for b = 1, 2 do coroutine.yield(a .. "-" .. b) end end
end)
print(nested(), nested(), nested(), nested())
