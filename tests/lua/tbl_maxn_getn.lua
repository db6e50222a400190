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
