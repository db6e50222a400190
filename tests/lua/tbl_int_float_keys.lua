-- numeric keys: 1 and 1.0 are the same key, 1.5 is distinct
local t = {}
t[1] = "int"
print(t[1], t[1.0], t[2 / 2])
t[1.0] = "float"
print(t[1])
t[1.5] = "fraction"
print(t[1.5], t[3 / 2], t[1])
t[2^53] = "big"
print(t[2^53], t[9007199254740992])
t[-0] = "neg zero"
print(t[0], t[-0])
t[1e300] = "huge"
print(t[1e300])
t[math.huge] = "inf"
print(t[math.huge], t[-math.huge])
local u = {}
for i = 1, 5 do u[i * 1.0] = i end
print(#u, u[3])
local v = {}
v[0.1 + 0.2] = "sum"
print(v[0.3], v[0.1 + 0.2])
local keys = {}
for k in pairs({[1] = 1, [2.0] = 2, [2.5] = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
