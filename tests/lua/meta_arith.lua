local V = {}
V.__index = V
local function v(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return v(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return v(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) if type(b) == 'number' then return v(a.x * b, a.y * b) end return a.x * b.x + a.y * b.y end
V.__div = function(a, b) return v(a.x / b, a.y / b) end
V.__mod = function(a, b) return v(a.x % b, a.y % b) end
V.__pow = function(a, b) return v(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return v(-a.x, -a.y) end
V.__tostring = function(a) return '(' .. a.x .. ',' .. a.y .. ')' end
V.__concat = function(a, b) return tostring(a) .. '|' .. tostring(b) end
V.__len = function(a) return 99 end
local a, b = v(1, 2), v(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(a * 2), tostring(b / 2))
print(tostring(b % 2), tostring(a ^ 2), tostring(-a))
print(a .. b, a .. 'str', 'str' .. a, 1 .. a)
print(#a)
print(pcall(function() return a + 1 end))
local N = setmetatable({}, {__add = function(x, y) return 'added' end})
print(N + 1, 1 + N, N + N)
