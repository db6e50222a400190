-- debug.sethook: no events on a thread while its hook runs (lua5.1's allowhook), but a
-- coroutine resumed from inside a hook runs its own; a hook replacing itself; errors in
-- call and return hooks; yielding from a hook.
local log = {}
local function add(s) log[#log + 1] = s end

-- a coroutine resumed by the main thread's hook fires the coroutine's own hook
local co = coroutine.create(function()
  local a = 1
  coroutine.yield(a)
  return a + 1
end)
debug.sethook(co, function(e, l) add("co " .. e .. " " .. tostring(l)) end, "l")
local resumed = false
debug.sethook(function(e, l)
  if not resumed then
    resumed = true
    add("main " .. e .. " " .. l)
    coroutine.resume(co)
  end
end, "l")
local x = 1
debug.sethook()
coroutine.resume(co)
print(table.concat(log, ", "))

-- a hook that replaces itself with another one
log = {}
debug.sethook(function(e, l)
  add("first " .. e)
  debug.sethook(function(e2, l2) add("second " .. e2) end, "r")
end, "c")
local function f() return 1 end
f()
f()
debug.sethook()
print(table.concat(log, ", "))

-- errors in call and return hooks reach the pcall around the call
local function g() return "g" end
debug.sethook(function(e)
  if debug.getinfo(2, "f").func == g then error("in " .. e .. " hook", 0) end
end, "r")
print(pcall(g))
debug.sethook(function(e)
  if debug.getinfo(2, "f").func == g then error("in " .. e .. " hook", 0) end
end, "c")
print(pcall(g))
debug.sethook()
-- and hooks work again after such an error
local n = 0
debug.sethook(function() n = n + 1 end, "c")
g(); g()
debug.sethook()
print("calls after the errors", n)

-- a hook cannot yield (it runs inside a C call in lua5.1)
local co2 = coroutine.create(function()
  debug.sethook(function() coroutine.yield() end, "l")
  local y = 1
  return y
end)
print(coroutine.resume(co2))

-- a count hook and a line hook on the same instruction, then the hook is cleared inside
log = {}
debug.sethook(function(e, l)
  add(e)
  if #log >= 3 then debug.sethook() end
end, "l", 1)
local z = 1
z = z + 1
print(table.concat(log, " "), debug.gethook())
