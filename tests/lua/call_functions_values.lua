-- functions as first-class values
local ops = {
  add = function(a, b) return a + b end,
  sub = function(a, b) return a - b end,
  mul = function(a, b) return a * b end,
}
local names = {}
for k in pairs(ops) do names[#names + 1] = k end
table.sort(names)
for _, k in ipairs(names) do print(k, ops[k](6, 3)) end
local function compose(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local function apply_n(f, n, x) for _ = 1, n do x = f(x) end return x end
print(apply_n(dbl, 10, 1), apply_n(inc, 0, 7))
local list = {5, 2, 8, 1}
table.sort(list, function(a, b) return a > b end)
print(table.concat(list, " "))
print(type(print), type(function() end), type(string.len))
local fs = {print = print}
print(fs.print == print, rawequal(fs.print, print))
local function returns_fn() return function() return "inner result" end end
print(returns_fn()())
print((function(...) return select('#', ...) end)(1, 2))
