-- collectgarbage's options return what lua5.1 5.1.5 returns (incremental collector pacing)
print(collectgarbage("stop"))
local before = collectgarbage("count")
local t = {}
for i = 1, 20000 do t[i] = {} end
t = nil
local after = collectgarbage("count")
print("stopped: nothing collected", after - before > 500)
print(collectgarbage("restart"))
print(collectgarbage("collect"))
print("collected", collectgarbage("count") < after)
print(collectgarbage("setpause", 150))
print(collectgarbage("setpause"))
print(collectgarbage("setpause", 200))
print(collectgarbage("setstepmul", 400))
print(collectgarbage("setstepmul", 200))
print(collectgarbage("step", 1000000))
print(type(collectgarbage("step")))
print(collectgarbage("step", 1000000))
print(type(collectgarbage("count")), type(gcinfo()))
print(collectgarbage())
print(pcall(collectgarbage, "bogus"))
-- stepping by hand with the automatic collector stopped finishes cycles too
collectgarbage("stop")
local cycles = 0
for i = 1, 200 do
  local g = {i, {i}}
  if collectgarbage("step", 100) then cycles = cycles + 1 end
end
print("cycles finished by explicit steps", cycles > 0)
collectgarbage("restart")
