-- table.insert and table.remove
local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "first")
table.insert(t, 2, "second")
print(#t, table.concat(t, ","))
print(table.remove(t), #t, table.concat(t, ","))
print(table.remove(t, 1), #t, table.concat(t, ","))
print(table.remove(t, 2), #t, table.concat(t, ","))
print(table.remove(t), #t)
print(table.remove(t), #t)
print(select('#', table.remove({})), select('#', table.remove({}, 1)))
local u = {1, 2, 3}
table.insert(u, #u + 1, 4)
print(table.concat(u, ","))
print(select('#', table.remove(u, 10)), #u)
print(pcall(table.insert, u, 1, 2, 3))
print(pcall(table.insert, u))
local q = {}
for i = 1, 10 do table.insert(q, i) end
local drained = {}
while #q > 0 do drained[#drained + 1] = table.remove(q, 1) end
print(table.concat(drained, " "), #q)
local s = {}
for i = 1, 5 do table.insert(s, 1, i) end
print(table.concat(s, " "))
print(table.insert(s, 0) == nil)
