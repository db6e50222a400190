-- # on proper sequences (no holes)
print(#{}, #{1}, #{1, 2, 3}, #{nil}, #{n = 1})
local t = {}
for i = 1, 100 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
t[#t + 1] = "new"
print(#t, t[#t])
local u = {"a", "b", "c", x = 1, y = 2}
print(#u)
local v = {10, 20, 30, nil}
print(#v)
local w = {}
w[1] = 1 w[2] = 2 w[3] = 3
print(#w)
for i = 3, 1, -1 do w[i] = nil print(#w) end
local big = {}
for i = 1, 5000 do big[#big + 1] = i end
print(#big, big[#big])
local function f() return 1, 2, 3 end
print(#{f()}, #{f(), f()}, #{(f())})
local s = {"x"}
s[2] = "y"
print(#s)
