local t = {1, 2, 3, n = 'x', [10] = 'ten', 'four'; 'five'}
print(t[1], t[4], t[5], t.n, t[10], #t)
local k = {['a b'] = 1, [1.5] = 2, [true] = 3}
print(k['a b'], k[1.5], k[true])
local i = {[1] = 'a', [2] = 'b'}
print(i[1], i[2], #i)
local f = {1.0, [2.0] = 'two'}
print(f[1], f[2])
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2])
local s = {}
s['1'] = 'string key' s[1] = 'number key'
print(s['1'], s[1])
local big = {}
for j = 1, 10000 do big[j] = j end
print(#big, big[10000])
for j = 10000, 5001, -1 do big[j] = nil end
print(#big)
local trailing = {1, 2, 3,}
print(#trailing)
local many = {}
for j = 1, 100 do many[#many + 1] = j * j end
print(many[100], #many)
local keys = {}
for key in pairs({a = 1, b = 2, c = 3, d = 4}) do keys[#keys + 1] = key end
table.sort(keys)
print(table.concat(keys, ','))
