-- generators built with coroutine.wrap
local function gen(f, ...) local args = {...} return coroutine.wrap(function() f(unpack(args)) end) end
local function fib_gen(limit)
  local a, b = 0, 1
  while a <= limit do coroutine.yield(a) a, b = b, a + b end
end
local out = {}
for v in gen(fib_gen, 100) do out[#out + 1] = v end
print(table.concat(out, " "))
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in gen(permgen, {"a", "b", "c"}) do perms[#perms + 1] = table.concat(p) end
print(#perms, table.concat(perms, " "))
local function tree_walk(t)
  if type(t) ~= "table" then coroutine.yield(t) return end
  for _, child in ipairs(t) do tree_walk(child) end
end
out = {}
for leaf in gen(tree_walk, {1, {2, {3, 4}}, {{5}}, 6}) do out[#out + 1] = leaf end
print(table.concat(out, ","))
local primes = coroutine.wrap(function()
  local found = {}
  local n = 1
  while true do
    n = n + 1
    local prime = true
    for _, p in ipairs(found) do if n % p == 0 then prime = false break end end
    if prime then found[#found + 1] = n coroutine.yield(n) end
  end
end)
out = {}
for i = 1, 15 do out[i] = primes() end
print(table.concat(out, " "))
