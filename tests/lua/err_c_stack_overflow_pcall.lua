-- C stack overflow raised while a native (pcall) calls Lua: no position, as lua5.1
local function f(n) if n == 0 then return 'bottom' end return select(2, pcall(f, n - 1)) end
print(f(250))
print(f(150))
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
