local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- sort without a comparator uses __lt (called through the VM), mixing is an error
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i = 1, 20 do objs[i] = setmetatable({v = (i * 13) % 17}, mt) end
table.sort(objs)
local r = {} for i = 1, 20 do r[i] = objs[i].v end print(table.concat(r, " "))
local count = 0
local mt2 = {__lt = function(a, b) count = count + 1 return a.v > b.v end}
local o = {} for i = 1, 100 do o[i] = setmetatable({v = (i * 31) % 101}, mt2) end
table.sort(o) print(o[1].v, o[50].v, o[100].v, count)
print(pcall(table.sort, {setmetatable({}, mt), 1}))
local other = {__lt = function() return true end}
print(pcall(table.sort, {setmetatable({v = 1}, mt), setmetatable({v = 2}, other)}))
local mt3 = {__lt = function(a, b) error("lt failed") end}
print(pcall(table.sort, {setmetatable({}, mt3), setmetatable({}, mt3)}))
