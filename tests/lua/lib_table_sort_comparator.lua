local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- sort with comparators, including the exact comparison sequence of lua5.1's quicksort
local log = {}
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0, 5, 5, 2}
table.sort(t, function(a, b) log[#log + 1] = a .. "<" .. b return a < b end)
print(show(t), #log)
print(table.concat(log, " "))
local t = {5, 3, 1, 4, 2} table.sort(t, function(a, b) return a > b end) print(show(t))
local recs = {{n = "x", a = 3}, {n = "y", a = 1}, {n = "z", a = 2}, {n = "w", a = 1}}
table.sort(recs, function(p, q) if p.a ~= q.a then return p.a < q.a end return p.n < q.n end)
for _, r in ipairs(recs) do io.write(r.n, r.a, " ") end print()
local t = {3, 1, 2} table.sort(t, nil) print(show(t))
local calls = 0
local t = {} for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
table.sort(t, function(a, b) calls = calls + 1 return a < b end) print(t[1], t[500], t[1000], calls)
local t = {1, 2, 3, 4, 5, 6, 7, 8} table.sort(t, function(a, b) return false end) print(show(t))
local n = 0
local t = {} for i = 1, 30 do t[i] = (i * 7) % 13 end
table.sort(t, function(a, b) n = n + 1 return n % 3 == 0 end) print(show(t))
