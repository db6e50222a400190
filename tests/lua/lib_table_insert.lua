local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- table.insert: append, positional insert shifting up, positions beyond the end, C-int positions
local t = {} table.insert(t, "a") table.insert(t, 1, "b") table.insert(t, 2, "c") print(show(t))
table.insert(t, #t + 1, "d") print(show(t))
table.insert(t, 10, "z") print(show(t, 10), table.maxn(t))
local t = {1, 2, 3} table.insert(t, 0, "x") print(show(t), t[0])
local t = {1, 2, 3} table.insert(t, -2, "y") print(show(t), t[-2], t[-1], t[0])
local t = {1, 2, 3} table.insert(t, 1.9, "w") print(show(t))
local t = {1, 2, 3} table.insert(t, "2", "s") print(show(t))
local t = {1, 2, 3} table.insert(t, 2^32 + 1, "big") print(show(t))
local t = {1, 2, 3} table.insert(t, nil) print(#t)
local t = {1, 2, 3} table.insert(t, 2, nil) print(show(t, 4))
local t = {} for i = 1, 10 do table.insert(t, 1, i) end print(show(t))
local t = {} for i = 1, 10 do table.insert(t, (i % 3) + 1, i) end print(show(t))
local t = setmetatable({}, {__newindex = function() error("no") end}) table.insert(t, 1) print(rawget(t, 1))
