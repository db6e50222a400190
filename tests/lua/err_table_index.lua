-- invalid table keys
print(pcall(function() local t = {} t[nil] = 1 end))
print(pcall(function() local t = {} t[0/0] = 1 end))
print(pcall(function() local k local t = {[k] = 1} end))
print(pcall(rawset, {}, nil, 1))
print(pcall(function() local t = {} return t[nil] end))
print(pcall(function() local t = {} t[nil] = nil end))
print(pcall(function() local t = {} return rawget(t, nil) end))
print(pcall(function() local t = {} t.x = nil return t.x end))
local t = {}
local ok = pcall(function() t[nil] = "v" end)
print(ok, next(t))
print(pcall(function() local tt = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v) end}) tt[nil] = 1 end))
