-- resume/yield deliver their values straight into the registers of the CALL waiting for
-- them: every result count (fixed, none, all), fewer or more values than wanted, the
-- registers around the call, and the paths that still go through continuations (pcall
-- around resume, a hook, wrap inside pcall).
local function show(...)
  local t = {n = select('#', ...), ...}
  local parts = {}
  for i = 1, t.n do parts[#parts + 1] = tostring(t[i]) end
  return t.n .. ":" .. table.concat(parts, ",")
end

-- fixed result counts on both sides, with locals above and below the call
local co = coroutine.create(function(a)
  local before = "b"
  local x, y, z = coroutine.yield(a, a + 1, a + 2, a + 3)
  local after = "a"
  print("in", before, x, y, z, after)
  local p = coroutine.yield()
  print("in", p)
  local q, r = coroutine.yield(1)
  print("in", q, r)
  coroutine.yield(coroutine.yield("nested call"))
  return "done"
end)
local l1 = "keep"
local ok, v1, v2 = coroutine.resume(co, 10)
print(l1, ok, v1, v2)
local ok2 = coroutine.resume(co, "x")
print(ok2)
local r1, r2, r3, r4 = coroutine.resume(co, "only")
print(r1, r2, r3, r4)
coroutine.resume(co, "q", "r", "s")
print(show(coroutine.resume(co, "one", "two")))
print(show(coroutine.resume(co, "again")))
print(show(coroutine.resume(co)))
print(show(coroutine.resume(co)))

-- all results: table constructors, select, call arguments, return in tail position
local gen = coroutine.create(function(...)
  local n = select('#', ...)
  while true do
    local t = {coroutine.yield(n, ...)}
    n = #t
    if n == 0 then break end
  end
  return coroutine.yield("tail")
end)
print(show(coroutine.resume(gen, 1, nil, 3)))
print(#{coroutine.resume(gen, 4, 5)})
print(select('#', coroutine.resume(gen, 6)))
print(show(coroutine.resume(gen)))
print(show(coroutine.resume(gen, "from", "tail", "yield")))
print(show(coroutine.resume(gen)))

-- wrap: no leading true, same adjustments
local w = coroutine.wrap(function(a, b)
  local c = coroutine.yield(a, b)
  local d, e = coroutine.yield()
  return c, d, e
end)
local w1, w2, w3 = w(1, 2)
print(w1, w2, w3)
print(show(w("c")))
print(show(w("d", "e", "f")))

-- resume called through pcall (a continuation waits for the results), yield inside a
-- coroutine resumed that way, and wrap called through pcall
local pc = coroutine.create(function(x)
  local y = coroutine.yield(x * 2)
  return y, "end"
end)
print(show(pcall(coroutine.resume, pc, 21)))
print(show(pcall(coroutine.resume, pc, "y")))
local pw = coroutine.wrap(function() coroutine.yield(1, 2) return 3 end)
print(show(pcall(pw)))
print(show(pcall(pw)))

-- nested coroutines: statuses and values across two levels
local outer
local inner = coroutine.create(function()
  print("inner sees outer", coroutine.status(outer))
  local v = coroutine.yield("from inner")
  return v .. "!"
end)
outer = coroutine.create(function()
  local a, b = coroutine.resume(inner)
  print("outer got", a, b, coroutine.status(inner))
  local c = coroutine.yield(b)
  print(show(coroutine.resume(inner, c)))
  return coroutine.status(inner)
end)
print(show(coroutine.resume(outer)))
print(show(coroutine.resume(outer, "pass")))
print(coroutine.status(outer))

-- a coroutine with a hook: its yields and resumes deliver through the hook's events
local events = 0
local hk = coroutine.create(function(a)
  debug.sethook(function() events = events + 1 end, "cr")
  local b = coroutine.yield(a)
  local c, d = coroutine.yield(b, b)
  debug.sethook()
  return c, d
end)
print(show(coroutine.resume(hk, "h")))
print(show(coroutine.resume(hk, "i")))
print(show(coroutine.resume(hk, "j", "k", "l")))
print(events > 0)

-- many values both ways (past the stack's headroom)
local big = coroutine.create(function(...)
  local got = select('#', ...)
  local t = {}
  for i = 1, 300 do t[i] = i end
  local n = select('#', coroutine.yield(unpack(t)))
  return got, n
end)
local t = {}
for i = 1, 250 do t[i] = -i end
print(select('#', coroutine.resume(big, unpack(t))))
print(coroutine.resume(big, unpack(t)))
