-- debug.sethook line and count events in code compiled before the hook was set: the main
-- chunk itself and functions defined before sethook (lua5.1's traceexec runs for all Lua
-- code). Lines are filtered to this chunk's functions and printed in order.
local lines = {}
local function rec(e, l)
  lines[#lines + 1] = l
end

local function work(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  if s > 3 then
    s = s - 1
  else
    s = s + 1
  end
  return s
end

debug.sethook(rec, "l")
local r = work(3)
local t = {}
t.x = r
debug.sethook()
print(r, t.x, table.concat(lines, " "))

-- a while loop and repeat with their jumps back, defined before the hook
local function loops()
  local a = 0
  while a < 2 do
    a = a + 1
  end
  repeat
    a = a - 1
  until a == 0
  return a
end
lines = {}
debug.sethook(rec, "l")
loops()
debug.sethook()
print(table.concat(lines, " "))

-- a line event reports getinfo(2, "l").currentline equal to its line
local ok = true
debug.sethook(function(e, l)
  if debug.getinfo(2, "l").currentline ~= l then ok = false end
end, "l")
work(2)
loops()
debug.sethook()
print("currentline matches", ok)

-- count hooks: every instruction (count 1) lands on lines that also get line events
local counted = {}
debug.sethook(function(e)
  counted[debug.getinfo(2, "l").currentline] = true
end, "", 1)
work(2)
debug.sethook()
local cl = {}
for l in pairs(counted) do cl[#cl + 1] = l end
table.sort(cl)
print(table.concat(cl, " "))

-- a count hook bounded by a loop's iterations, in a function compiled earlier
local function spin(n) for i = 1, n do end end
local c = 0
debug.sethook(function() c = c + 1 end, "", 1)
spin(1000)
debug.sethook()
print(c)
c = 0
debug.sethook(function() c = c + 1 end, "", 100)
spin(1000)
debug.sethook()
print(c)

-- an error raised by a line hook stops the hooked code, pcall catches it
local hits = 0
debug.sethook(function(e, l)
  hits = hits + 1
  if hits == 3 then error("stopped at a line") end
end, "l")
local ok2, msg = pcall(work, 5)
debug.sethook()
print(ok2, (string.gsub(msg, "^.-:%d+: ", "")))

-- line and count events together: the count event comes first
local both = {}
debug.sethook(function(e, l) both[#both + 1] = e end, "l", 1)
local z = 1
debug.sethook()
print(table.concat(both, " "))
