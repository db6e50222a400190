local C = {}
C.__eq = function(a, b) return a.v == b.v end
C.__lt = function(a, b) return a.v < b.v end
local function c(v) return setmetatable({v = v}, C) end
local x, y, z = c(1), c(2), c(1)
print(x == z, x ~= y, x < y, y < x, x <= y, y <= x, x > y, x >= z)
C.__le = function(a, b) return 'le called' end
print(x <= y)
local D = {__eq = function() return true end}
local d1 = setmetatable({}, D)
local d2 = setmetatable({}, {__eq = function() return true end})
print(d1 == d2, d1 == setmetatable({}, D))
print(pcall(function() return x < 1 end))
print(pcall(function() return {} < {} end))
local E = {__lt = function() return true end}
local e1, e2 = setmetatable({}, E), setmetatable({}, E)
print(e1 < e2, e1 > e2, e1 <= e2)
print(1 == setmetatable({}, {__eq = function() return true end}))
