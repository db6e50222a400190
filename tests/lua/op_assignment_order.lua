-- multiple assignment evaluates all expressions before assigning
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local x, y = 1
print(x, y)
local p, q = 1, 2, 3
print(p, q)
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local function two() return "r1", "r2" end
local m, n, o = two()
print(m, n, o)
m, n, o = two(), "x"
print(m, n, o)
m, n, o = "x", two()
print(m, n, o)
m, n = (two())
print(m, n)
local s = {}
s.a, s.b, s.a = 1, 2, 3
print(s.b)
local u, v = 10, 20
u, v = v, u
print(u, v)
