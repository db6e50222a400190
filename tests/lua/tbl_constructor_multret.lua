-- multiple results at the end and in the middle of constructors
local function f() return "a", "b", "c" end
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local t = {f()}
print(count(t), t[1], t[2], t[3])
t = {f(), nil}
print(count(t), t[1], t[2])
t = {f(), f()}
print(count(t), t[1], t[2], t[3], t[4])
t = {f(), "x", f()}
print(count(t), t[1], t[2], t[3], t[4], t[5])
t = {(f())}
print(count(t), t[1])
t = {nil, f()}
print(count(t), t[1], t[2], t[4])
t = {k = f()}
print(count(t), t.k)
t = {f(), k = "v"}
print(count(t), t[1], t.k)
t = {[f()] = f()}
print(count(t), t.a)
local function none() end
t = {none(), none()}
print(count(t), t[1])
t = {1, 2, none()}
print(count(t), #t)
local function many() local r = {} for i = 1, 60 do r[i] = i end return unpack(r) end
t = {many()}
print(#t, t[60])
t = {0, many()}
print(#t, t[61])
t = {many(), many()}
print(#t, t[1], t[2], t[61])
