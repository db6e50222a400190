-- Returns into Lua callers the dispatch loop entered callees from, mixed with every way the
-- loop's run ends (metamethods, natives calling back, errors, coroutine switches, tail calls):
-- each return must find its caller's code, constants and registers again.

local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end

-- A metamethod frame in the middle: calls below it return into it, it returns into its caller.
local mt = {__index = function(t, k) return depth(k) * 2 + #t end}
local obj = setmetatable({1, 2, 3}, mt)
local function via_meta(n) local a, b = obj[n], depth(n) return a + b, "k" .. n end
print(via_meta(5))
print(via_meta(0), depth(40))

-- Natives calling back in the middle (table.sort's comparator, string.gsub's function).
local t = {5, 3, 9, 1, 7}
table.sort(t, function(x, y) return depth(x) < depth(y) end)
print(table.concat(t, " "), depth(3))
print((string.gsub("a1b22c333", "%d+", function(s) return depth(#s) .. "!" end)))

-- Errors deep below in-loop calls, caught by pcall; the caller keeps calling afterwards.
local function boom(n) if n == 0 then error("bottom reached") end return boom(n - 1) + 1 end
local function guarded(n)
  local ok, msg = pcall(boom, n)
  return ok, msg, depth(n)
end
for i = 1, 3 do print(guarded(i * 4)) end
local function nested(n)
  if n == 0 then return select(2, pcall(error, {code = 7})).code end
  local r = nested(n - 1)
  return r + depth(n)
end
print(nested(6))

-- Coroutine switches from inside nested calls, then returns on both sides.
local function gen(n)
  if n == 0 then coroutine.yield("leaf") return 0 end
  local r = gen(n - 1)
  coroutine.yield(n)
  return r + n
end
local co = coroutine.wrap(function() local s = gen(4) return "sum " .. s end)
local out = {}
for _ = 1, 6 do out[#out + 1] = tostring(co()) end
print(table.concat(out, ","), depth(2))

-- Tail calls replacing frames between calls and returns.
local function tail(n, acc) if n == 0 then return acc, depth(3) end return tail(n - 1, acc + n) end
local function calls_tail(n) local a, b = tail(n, 0) return a * 10 + b end
print(calls_tail(10), calls_tail(100))

-- A caller with many registers calling a small callee that allocates (and may collect):
-- the caller's high registers must still be there after the return.
local function small() local x = {} for i = 1, 200 do x[i] = {i} end return #x end
local function wide()
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
  local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 = 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
  local total = 0
  for i = 1, 50 do
    total = total + small() + a1 + a10 + b1 + b10 + c1 + c10
  end
  collectgarbage()
  return total + small() + c10
end
print(wide())

-- Error positions after returns: the line of the failing instruction in the caller.
local function after_returns()
  local x = depth(3) + depth(4)
  local y = nil
  return x + y.field
end
print(pcall(after_returns))
print(select(2, pcall(function() depth(5) return depth(2) .. {} end)))

-- Deep recursion that overflows, caught, and normal calls afterwards.
local function forever(n) return 1 + forever(n + 1) end
local ok, msg = pcall(forever, 1)
print(ok, (string.gsub(msg, "^.-:%d+: ", "")), depth(10))

-- Recursion (a call of the running closure) after setfenv changed the closure's environment
-- in the middle: the recursive calls see the new environment.
local rec
rec = function(n)
  if n == 3 then setfenv(1, {tag = "new", tostring = tostring}) end
  if n == 0 then return tag end
  return tostring(tag) .. "," .. rec(n - 1)
end
tag = "old"
print(rec(5))
local function count(n) if n == 0 then return 0 end return count(n - 1) + 1 end
print(count(100), count(0))
