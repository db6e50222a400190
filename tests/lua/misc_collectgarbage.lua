-- collectgarbage options return values of the right types
print(collectgarbage())
print(collectgarbage("collect"))
print(type(collectgarbage("count")))
print(collectgarbage("count") > 0)
local big = {}
for i = 1, 10000 do big[i] = {i} end
big = nil
collectgarbage()
print(type(collectgarbage("step")))
print(type(collectgarbage("setpause", 200)))
print(type(collectgarbage("setstepmul", 200)))
print(pcall(collectgarbage, "bogus"))
local t = {}
for i = 1, 100 do t[i] = tostring(i) end
collectgarbage()
print(#t, t[100])
