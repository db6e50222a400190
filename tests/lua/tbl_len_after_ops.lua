-- # of arrays built by insert and remove (always without holes)
local t = {}
for i = 1, 10 do t[#t + 1] = i end
print(#t)
for i = 1, 3 do table.remove(t) end
print(#t, t[#t])
table.insert(t, 1, 0)
print(#t, t[1], t[#t])
t[#t] = nil
print(#t)
while #t > 0 do t[#t] = nil end
print(#t)
local u = {"x"}
for i = 1, 100 do table.insert(u, "y") end
print(#u)
for i = 1, 50 do table.remove(u, 1) end
print(#u, u[1])
local v = {}
v[1] = 1
v[2] = 2
v[3] = 3
print(#v)
v[3] = nil
v[2] = nil
print(#v)
local w = {n = 0}
for i = 1, 5 do w.n = w.n + 1 w[w.n] = i * i end
print(#w, w.n)
