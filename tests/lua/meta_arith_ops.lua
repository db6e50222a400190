-- each arithmetic metamethod and its argument order
local V = {}
V.__index = V
local function vec(x) return setmetatable({x = x}, V) end
local function val(o) if type(o) == "table" then return o.x end return o end
V.__add = function(a, b) return vec(val(a) + val(b)) end
V.__sub = function(a, b) return vec(val(a) - val(b)) end
V.__mul = function(a, b) return vec(val(a) * val(b)) end
V.__div = function(a, b) return vec(val(a) / val(b)) end
V.__mod = function(a, b) return vec(val(a) % val(b)) end
V.__pow = function(a, b) return vec(val(a) ^ val(b)) end
V.__unm = function(a) return vec(-val(a)) end
local a, b = vec(7), vec(2)
print((a + b).x, (a - b).x, (a * b).x, (a / b).x, (a % b).x, (a ^ b).x, (-a).x)
print((a + 1).x, (1 + a).x, (10 - a).x, (a - 10).x, (2 ^ b).x, (b ^ 3).x)
print(("3" + a).x, (a * "2").x)
local order = {}
local spy = setmetatable({}, {__sub = function(x, y)
  order[#order + 1] = (type(x) == "table" and "T" or tostring(x)) .. "-" .. (type(y) == "table" and "T" or tostring(y))
  return 0
end})
local _ = spy - 1, 1 - spy, spy - spy
print(table.concat(order, " "))
local left = setmetatable({}, {__add = function() return "left" end})
local right = setmetatable({}, {__add = function() return "right" end})
print(left + right, right + left, 1 + right, left + 1)
print(pcall(function() return setmetatable({}, {}) + 1 end))
