-- plain recursion
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
for i = 0, 20, 4 do print("fib", i, fib(i)) end
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print("ack", ack(0, 0), ack(1, 1), ack(2, 2), ack(2, 3), ack(3, 3))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print("fact", fact(5), fact(10), fact(20))
local function hanoi(n, from, to, via, moves)
  if n == 0 then return moves end
  moves = hanoi(n - 1, from, via, to, moves)
  moves = moves + 1
  return hanoi(n - 1, via, to, from, moves)
end
print("hanoi", hanoi(10, "a", "c", "b", 0))
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("depth", depth(10000))
local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
print("gcd", gcd(48, 18), gcd(17, 5), gcd(100, 75))
local function flatten(t, out)
  out = out or {}
  for _, v in ipairs(t) do
    if type(v) == "table" then flatten(v, out) else out[#out + 1] = v end
  end
  return out
end
print(table.concat(flatten({1, {2, {3, {4}}, 5}, {{{6}}}}), " "))
