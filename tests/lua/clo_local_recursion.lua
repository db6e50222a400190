-- local function can call itself; local f = function cannot
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local g = function(n) return n end
local g = function(n) if n <= 0 then return "base" end return g(n - 1) end
print(g(5))
local ok, err = pcall(function()
  local h = function(n) if n == 0 then return 0 end return h(n - 1) end
  return h(3)
end)
print(ok, err)
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(15))
local saved = fib
fib = function(n) return "replaced" end
print(pcall(saved, 5))
print(saved(1), fib(1))
local function outer()
  local function walk(t, depth)
    local total = depth
    for _, child in ipairs(t) do total = total + walk(child, depth + 1) end
    return total
  end
  return walk
end
print(outer()({{}, {{}, {}}}, 0))
