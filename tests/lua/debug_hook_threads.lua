-- debug.sethook per thread: sethook([thread,] f, mask [, count]) and gethook([thread]);
-- a new coroutine copies its creator's mask and count but not the function (lua5.1's
-- luaE_newthread and ldblib's per-thread hook table); hooks set from inside coroutines.
local function show(...) print(...) end
local lines = {}
local function rec(e, l) lines[#lines + 1] = e .. ":" .. tostring(l) end

-- a coroutine created while the main thread has a hook: mask and count, no function
debug.sethook(rec, "l", 7)
local co = coroutine.create(function() return 1 end)
debug.sethook()
show("copied", debug.gethook(co))
show("main", debug.gethook())

-- a hook set on a suspended coroutine fires only in it
lines = {}
co = coroutine.create(function(a)
  local x = a + 1
  coroutine.yield(x)
  x = x * 2
  return x
end)
debug.sethook(co, rec, "l")
show("co hook is rec", debug.gethook(co) == rec, "main has none", debug.gethook() == nil)
local main_line = 0
show(coroutine.resume(co, 1))
main_line = main_line + 1
show(coroutine.resume(co))
show(table.concat(lines, " "))

-- a hook set inside a coroutine stays with it; the main thread keeps its own
lines = {}
local mainev = {}
debug.sethook(function(e, l) mainev[#mainev + 1] = l end, "l")
local co2 = coroutine.wrap(function()
  debug.sethook(rec, "l")
  local a = 1
  coroutine.yield()
  a = a + 1
  return debug.gethook() == rec
end)
co2()
local inner = co2()
debug.sethook()
show("inner kept its hook", inner, #lines > 0, #mainev > 0)
show(table.concat(lines, " "))

-- gethook of a coroutine from inside another
local a = coroutine.create(function() end)
debug.sethook(a, rec, "cr", 3)
local b = coroutine.wrap(function() return debug.gethook(a) end)
local f, m, c = b()
show(f == rec, m, c)

-- call/return events inside a coroutine, and its hook still there after it yields
local evs = {}
local co3 = coroutine.create(function(x)
  local function sq(v) return v * v end
  local y = sq(x)
  coroutine.yield(y)
  return sq(y)
end)
debug.sethook(co3, function(e)
  local info = debug.getinfo(2, "S")
  evs[#evs + 1] = e .. ":" .. info.what
end, "cr")
show(coroutine.resume(co3, 3))
show(coroutine.resume(co3))
show(table.concat(evs, " "))

-- count hooks per thread: the coroutine's count does not fire in the main thread
local n_co, n_main = 0, 0
local co4 = coroutine.create(function() for i = 1, 100 do end end)
debug.sethook(co4, function() n_co = n_co + 1 end, "", 10)
for i = 1, 100 do end
coroutine.resume(co4)
show(n_co > 5, n_main)

-- resume's and wrap's return events when the coroutine yields, returns or dies
local ev = {}
local names = {}
local function rec2(e)
  local fn = debug.getinfo(2, "f").func
  ev[#ev + 1] = e .. ":" .. (names[fn] or "?")
end
local c1 = coroutine.create(function() return 1 end)
local c2 = coroutine.create(function() error("x") end)
local w = coroutine.wrap(function() coroutine.yield(1) return 2 end)
names[coroutine.resume] = "resume"; names[w] = "wrap"
debug.sethook(rec2, "cr")
coroutine.resume(c1)
coroutine.resume(c2)
w() w()
debug.sethook()
show(table.concat(ev, " "))
