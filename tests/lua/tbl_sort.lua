local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 10}
table.sort(t) print(table.concat(t, ' '))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, ' '))
local w = {'banana', 'apple', 'Cherry', 'date'}
table.sort(w) print(table.concat(w, ' '))
local recs = {{n = 'b', v = 2}, {n = 'a', v = 3}, {n = 'c', v = 1}}
table.sort(recs, function(x, y) return x.v < y.v end)
print(recs[1].n, recs[2].n, recs[3].n)
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1009 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[1000])
print(pcall(table.sort, {1, 'x', 2}))
print(pcall(table.sort, {3, 1, 2}, 42))
local calls = 0
table.sort({3, 1, 2}, function(a, b) calls = calls + 1 return a < b end)
print(calls > 0)
local objs = {}
local M = {__lt = function(a, b) return a.k < b.k end}
for i = 1, 20 do objs[i] = setmetatable({k = (i * 37) % 20}, M) end
table.sort(objs)
print(objs[1].k, objs[20].k)
local nested = {{3, 1, 2}, {9, 8}}
table.sort(nested, function(a, b) table.sort(a) table.sort(b) return #a < #b end)
print(#nested[1], table.concat(nested[2], ','))
