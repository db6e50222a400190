-- assignment lists with more or fewer values
local function two() return 1, 2 end
local a, b, c, d = two()
print(a, b, c, d)
a, b, c, d = two(), two()
print(a, b, c, d)
a, b, c, d = 0, two()
print(a, b, c, d)
a, b = two(), 5, 6
print(a, b)
a, b, c = (two())
print(a, b, c)
local x, y = nil
print(x, y)
local t = {}
t.a, t.b, t.c = two()
print(t.a, t.b, t.c)
t[1], t[2] = "p", "q", "ignored"
print(t[1], t[2], t[3])
local g1, g2
g1, g2 = select(2, "x", "y", "z")
print(g1, g2)
local n1, n2, n3 = 1
print(n1, n2, n3)
GLOBAL_A, GLOBAL_B = two()
print(GLOBAL_A, GLOBAL_B)
