-- getfenv/setfenv by stack level (the frame logic the VM's execution context holds)
local E = {print = print, getfenv = getfenv, setfenv = setfenv, pcall = pcall, tostring = tostring, type = type}
local function inner()
  -- level 2 is the caller: give it a new environment while it is running
  setfenv(2, E)
  return getfenv(2) == E
end
local function outer()
  local ok = inner()
  marker = "set in outer"          -- goes to E now
  return ok, getfenv(1) == E
end
print(outer())
print(marker, E.marker)
-- the closure keeps the environment for later calls
print(getfenv(outer) == E)
-- a level that is a native: getfenv gives the globals, setfenv refuses
print(pcall(function() return getfenv(2) == _G end))
local type = type
print(pcall(function() local ok, f = pcall(setfenv, 2, {}) return ok, type(f) end))
-- bad levels
print(pcall(getfenv, -1))
print(pcall(setfenv, -1, {}))
print(pcall(getfenv, 100))
print(pcall(setfenv, 100, {}))
-- level 0: the thread's globals
local co = coroutine.create(function()
  setfenv(0, E)
  return getfenv(0) == E
end)
print(coroutine.resume(co))
print(getfenv(0) == _G)
-- recursive frames of one closure all see the new environment
local depth = 0
local function rec(n)
  if n == 0 then setfenv(rec, E) return seen_by_all end
  local r = rec(n - 1)
  return r, getfenv(1) == E
end
E.seen_by_all = "yes"
print(rec(3))
