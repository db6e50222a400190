-- A small tour of what Ferrous runs today.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(25) =", fib(25))

local counters = {}
for i = 1, 3 do counters[i] = function() i = i + 10; return i end end
print("fresh closure per iteration:", counters[1](), counters[2](), counters[3]())

local Point = {}
Point.__index = Point
Point.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Point) end
Point.__tostring = function(p) return "(" .. p.x .. ", " .. p.y .. ")" end
local p = setmetatable({x = 1, y = 2}, Point) + setmetatable({x = 10, y = 20}, Point)
print("metamethods:", tostring(p))

local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print("coroutine:", gen(), gen(), gen())

print("pcall:", pcall(function() local t = nil; return t.x end))
