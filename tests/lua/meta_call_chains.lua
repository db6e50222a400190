-- metamethods that call other metamethods
local V = {}
V.__index = V
local function v(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return v(a.x + b.x, a.y + b.y) end
V.__mul = function(a, s) if type(a) == "number" then a, s = s, a end return v(a.x * s, a.y * s) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
V.__concat = function(a, b) return tostring(a) .. tostring(b) end
V.__unm = function(a) return a * -1 end
V.__sub = function(a, b) return a + -b end
V.__lt = function(a, b) return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y end
V.__le = function(a, b) return not (b < a) end
V.__call = function(a, k) return a[k] end
local p, q = v(1, 2), v(3, 4)
print(tostring(p + q), tostring(p * 3), tostring(2 * q), tostring(-p), tostring(q - p))
print(p + q == v(4, 6), p == q, p ~= v(1, 2))
print(p < q, q < p, p <= v(2, 1), q >= p)
print(p .. q, "vec " .. p, p .. " end")
print(p("x"), q("y"))
local sum = v(0, 0)
for i = 1, 10 do sum = sum + v(i, -i) end
print(tostring(sum))
