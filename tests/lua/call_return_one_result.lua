-- A one-result call receiving 0, 1 or many results (RETURN's one-result copy): the call
-- slot gets the first result or nil, and the caller's later registers are untouched.
local function none() end
local function one(x) return x end
local function many(a, b, c) return a, b, c end
local function multret(...) return ... end
local function after_native(s) local u = string.upper(s); return u end
local function deep(n) if n == 0 then return "bottom" end local r = deep(n - 1) return r end

local a, b, c = "a", "b", "c"
local x = none()
print(x, a, b, c)
x = one(42)
print(x, a, b, c)
x = many(1, 2, 3)
print(x, a, b, c)
x = multret()
print(x, a, b, c)
x = multret(7, 8, 9)
print(x, a, b, c)
x = after_native("low")
print(x, a, b, c)
print(deep(150))
-- one result into an expression and as an argument
print(one(1) + one(2), (many(4, 5, 6)), select('#', (multret())))
-- into a large caller frame from a small callee, after the stack was cut by a native
local function big()
  local r1, r2, r3, r4, r5, r6, r7, r8 = 1, 2, 3, 4, 5, 6, 7, 8
  local s = tostring(r8)
  local v = one(s)
  return v, r1 + r2 + r3 + r4 + r5 + r6 + r7
end
print(big())
-- through pcall and a coroutine
print(pcall(function() local y = one("p") return y end))
local co = coroutine.wrap(function() local y = one("c") coroutine.yield(y) local z = none() return z end)
print(co(), co())
