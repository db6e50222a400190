-- quicksort is not stable: records with equal keys come out in lua5.1's order
local recs = {}
for i = 1, 40 do recs[i] = {k = i % 4, id = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local out = {} for i, r in ipairs(recs) do out[i] = r.k .. ":" .. r.id end print(table.concat(out, " "))
local s = {} for i = 1, 25 do s[i] = {v = (i * 5) % 3, n = string.char(96 + i)} end
table.sort(s, function(a, b) return a.v > b.v end)
local o = {} for i, r in ipairs(s) do o[i] = r.v .. r.n end print(table.concat(o, " "))
