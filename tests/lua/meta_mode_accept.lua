-- __mode is accepted (weak tables behave like tables while keys are referenced)
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
local key = {}
wk[key] = "value"
wv[1] = key
wkv[key] = key
print(wk[key], wv[1] == key, wkv[key] == key)
print(getmetatable(wk).__mode, getmetatable(wv).__mode, getmetatable(wkv).__mode)
wv.str = "strings are not collected"
wv.num = 42
print(wv.str, wv.num)
collectgarbage()
print(wk[key], wv[1] == key, wv.str, wv.num)
local n = 0
for k, v in pairs(wk) do n = n + 1 end
print(n)
print(type(collectgarbage("count")))
print(collectgarbage("step") ~= nil)
