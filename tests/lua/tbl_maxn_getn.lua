-- table.maxn and table.getn
print(table.maxn({}), table.maxn({1, 2, 3}), table.maxn({[10] = 1}))
print(table.maxn({[1.5] = 1, [2] = 2}), table.maxn({[-5] = 1}), table.maxn({x = 1}))
print(table.maxn({[100] = 1, [50] = 2, 3}))
print(table.getn({}), table.getn({1, 2, 3}), table.getn({"a", "b"}))
local t = {}
for i = 1, 7 do t[i] = i end
print(table.getn(t), #t, table.maxn(t))
print(pcall(table.getn, nil))
print(pcall(table.maxn, "x"))
print(pcall(table.setn, {}, 1))
print(table.maxn({[1e10] = true}), table.maxn({[2^53] = 1}))
local grown = {}
for i = 1, 20 do table.insert(grown, i) end
print(table.getn(grown), table.maxn(grown))
for i = 1, 5 do table.remove(grown) end
print(table.getn(grown), table.maxn(grown))
local mixed = {1, 2, 3, x = 10, [7.5] = 1}
print(table.getn(mixed), table.maxn(mixed))
local negs = {[-1] = 1, [-2] = 2}
print(table.getn(negs), table.maxn(negs))
local hashed = {}
hashed[1] = "a" hashed[2] = "b" hashed[3] = "c"
print(table.getn(hashed), table.maxn(hashed))
print(table.maxn({[math.huge] = 1}))
