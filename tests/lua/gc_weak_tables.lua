-- weak tables with explicit collections (deterministic in lua5.1 and Ferrous)
local wk = setmetatable({}, {__mode = 'k'})
local wv = setmetatable({}, {__mode = 'v'})
local keep = {}
wk[keep] = 'kept'
wk[{}] = 'dropped'
wk['str'] = 'string keys stay'
wv[1] = {}
wv[2] = keep
wv[3] = 'strings are not collected from weak tables'
collectgarbage()
local n = 0
for k, v in pairs(wk) do n = n + 1 end
print(n, wk[keep], wk.str)
print(wv[1], wv[2] == keep, wv[3])
local kv = setmetatable({}, {__mode = 'kv'})
kv[1] = {}
kv[{}] = 1
collectgarbage()
print(next(kv))
print(getmetatable(wk).__mode, getmetatable(kv).__mode)
