print(#{}, #{1}, #{1, 2}, #{1, 2, 3})
local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[10] = nil print(#t)
t[9] = nil print(#t)
local u = {n = 1, 1, 2}
print(#u)
local v = {}
v[1] = 'a' v[2] = 'b' v[3] = 'c'
table.remove(v) print(#v)
table.insert(v, 'z') print(#v, v[3])
local w = {10, 20, 30}
table.insert(w, 2, 15) print(#w, table.concat(w, ' '))
print(table.remove(w, 1), #w, table.concat(w, ' '))
local s = string.rep('x', 7)
print(#s, #(s .. s))
