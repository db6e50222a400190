-- Coroutine switches entered inside the dispatch loop (no return to `execute`): the frame
-- switched to runs with its own prototype (constants, upvalues, register count), whatever
-- closure or frame the previous switch left, including two frames of one closure, frames
-- entered through Lua calls before the switch, hooks, errors positioned after a switch,
-- and pcall/metamethod call-backs between switches.

-- Two generators of different prototypes (different constants and register counts),
-- interleaved: each switch lands in a frame whose prototype the last switch did not park.
local function gen_a(n)
  return coroutine.create(function()
    local k1, k2 = "a-const", 1000
    for i = 1, n do coroutine.yield(k1 .. i, k2 + i) end
    return "a-done"
  end)
end
local function gen_b(n)
  return coroutine.create(function(x)
    local t = {x = x, "b1", "b2", "b3"}
    for i = 1, n do
      local u, v, w = i * 2, i * 3, t[(i % 3) + 1]
      x = coroutine.yield(w, u + v, x)
    end
    return "b-done", x
  end)
end
local a, b = gen_a(4), gen_b(4)
for i = 1, 5 do
  print("a", coroutine.resume(a))
  print("b", coroutine.resume(b, "arg" .. i))
end
print(coroutine.status(a), coroutine.status(b))

-- Two coroutines of the same closure: two frames of one prototype at different pcs.
local function counter(name)
  return coroutine.create(function()
    local c = 0
    while true do
      c = c + 1
      if c % 2 == 0 then coroutine.yield(name, "even", c) else coroutine.yield(name, "odd", c) end
    end
  end)
end
local c1, c2 = counter("c1"), counter("c2")
for _ = 1, 3 do
  print(coroutine.resume(c1))
  print(coroutine.resume(c1))
  print(coroutine.resume(c2))
end

-- Resume from inside nested Lua calls (callers entered in the same run), yield from inside
-- nested Lua calls; the calls return normally afterwards.
local function deep_yield(d, v)
  if d == 0 then return coroutine.yield(v) end
  local r = deep_yield(d - 1, v + 1)
  return r + d
end
local dy = coroutine.create(function(s)
  for i = 1, 3 do s = deep_yield(3, s + i) end
  return "dy", s
end)
local function resume_deep(d, co, v)
  if d == 0 then return coroutine.resume(co, v) end
  local ok, r = resume_deep(d - 1, co, v)
  return ok, r, d
end
local v = 0
for _ = 1, 4 do
  local ok, r, d = resume_deep(3, dy, v)
  print("deep", ok, r, d)
  v = type(r) == "number" and r or 0
end

-- A switch back into a frame that yielded from a for-in loop over a wrapped generator
-- (resume inside the coroutine: three threads) and between them pcall call-backs.
local inner = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i, i * i) end
end)
local outer = coroutine.create(function()
  for i, sq in inner do
    local ok, e = pcall(function() return i + sq end)
    coroutine.yield("outer", i, sq, ok, e)
  end
  return "outer-done"
end)
for _ = 1, 4 do print(coroutine.resume(outer)) end

-- An error raised after a switch carries the line of the frame switched to.
local erring = coroutine.create(function()
  coroutine.yield(1)
  local t = nil
  return t.x
end)
print(coroutine.resume(erring))
print(coroutine.resume(erring))
local function after_switch()
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  local n = nil
  return n + 1
end
print(pcall(after_switch))

-- A coroutine with a hook and one without, alternating: counts per coroutine.
local hooked_lines = 0
local h = coroutine.create(function()
  debug.sethook(function() hooked_lines = hooked_lines + 1 end, "l")
  for i = 1, 3 do
    coroutine.yield(i)
  end
end)
local plain = coroutine.create(function()
  for i = 1, 3 do coroutine.yield(-i) end
end)
for _ = 1, 3 do
  local _, x = coroutine.resume(h)
  local _, y = coroutine.resume(plain)
  print("hook", x, y, hooked_lines > 0)
end
print(debug.gethook())

-- Upvalues and recursion around switches: the frame switched to reads its closure's cells.
local function make(n)
  local acc = 0
  local co = coroutine.create(function()
    for i = 1, n do acc = acc + i; coroutine.yield(acc) end
  end)
  return co, function() return acc end
end
local m1, get1 = make(3)
local m2, get2 = make(5)
for _ = 1, 3 do
  local _, x = coroutine.resume(m1)
  local _, y = coroutine.resume(m2)
  print("up", x, y, get1(), get2())
end

-- Garbage between switches: parked frames' closures stay reachable, new ones are made.
local gens = {}
for i = 1, 5 do gens[i] = gen_a(3) end
for round = 1, 3 do
  for i = 1, 5 do
    local ok, s = coroutine.resume(gens[i])
    if i == 5 then print("gc", round, ok, s) end
  end
  collectgarbage()
end
