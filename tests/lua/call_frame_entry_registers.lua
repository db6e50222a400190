-- Entering and returning into Lua frames: missing parameters are nil even where an earlier
-- frame left values in those stack slots, and a caller's high registers stay usable after a
-- callee that collected (a collection drops the stack above the running frame) or called a
-- native (which truncates the stack to its arguments).
local function three(a, b, c) return a, b, c end
local function fill() local p, q, r, s, t = 'p', 'q', 'r', 's', 't'; return p end
for i = 1, 3 do
  fill()
  print(three(i))
  fill()
  print(three())
end

local function collects() collectgarbage(); local t = {}; return #t + 1 end
local function native_last() return select('#', 1, 2) end
local function caller(f)
  local x = f()
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = a1, a2, a3, a4, a5, a6, a7, a8, a9, a10
  local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 = b1, b2, b3, b4, b5, b6, b7, b8, b9, b10
  local d = {c1, c2, c3, c4, c5, c6, c7, c8, c9, c10}
  return x + c10 + #d
end
for i = 1, 3 do print(caller(collects), caller(native_last)) end

-- Deep recursion through a small frame into a large one and back.
local function deep(n)
  if n == 0 then collectgarbage(); return 0 end
  local r = deep(n - 1)
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = r, r, r, r, r, r, r, r, r, n
  return a1 + a10
end
print(deep(200))
