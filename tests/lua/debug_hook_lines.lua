-- debug.sethook line events on code compiled after the hook was set (loadstring), filtered
-- to that chunk: new lines, backward jumps of for/while/repeat, if branches, calls.
local lines = {}
local function rec(ev, l)
  if debug.getinfo(2, "S").source == "=chunk" then
    lines[#lines + 1] = ev .. ":" .. tostring(l)
  end
end
debug.sethook(rec, "l")
local f = loadstring([[
local x = 0
for i = 1, 3 do
  x = x + i
end
while x > 0 do
  x = x - 4
end
repeat
  x = x + 1
until x >= 2
if x > 1 then
  x = 10
else
  x = 20
end
local function g(a)
  return a * 2
end
x = g(x)
for k, v in pairs({1}) do x = x + v end
return x
]], "=chunk")
print(f())
debug.sethook()
print(table.concat(lines, " "))
print(debug.gethook())

-- no line events inside the hook itself (a trap-compiled helper called from it)
lines = {}
local helper
debug.sethook(function(ev, l)
  local info = debug.getinfo(2, "S")
  if info.source == "=inner" then lines[#lines + 1] = "inner:" .. l end
  if info.source == "=outer" then
    lines[#lines + 1] = "outer:" .. l
    helper()
  end
end, "l")
helper = loadstring("local a = 1\nlocal b = 2\nreturn a + b", "=inner")
local outer = loadstring("local s = 0\nfor i = 1, 2 do\n  s = s + i\nend\nreturn s", "=outer")
print(outer())
debug.sethook()
print(table.concat(lines, " "))

-- the line seen by debug.getinfo(2, "l") in the hook is the event's line
lines = {}
debug.sethook(function(ev, l)
  local info = debug.getinfo(2, "Sl")
  if info.source == "=cur" then lines[#lines + 1] = l .. "=" .. info.currentline end
end, "l")
loadstring("local a = 1\n\nlocal b = a\nreturn b", "=cur")()
debug.sethook()
print(table.concat(lines, " "))

-- an error raised by a line hook is caught by pcall around the hooked code
debug.sethook(function(ev, l)
  if debug.getinfo(2, "S").source == "=err" and l == 2 then error("line hook says no") end
end, "l")
local g = loadstring("local a = 1\nlocal b = 2\nlocal c = 3\nreturn a + b + c", "=err")
print(pcall(g))
debug.sethook()
print(pcall(g))

-- a chunk's last line gets its event (the final return carries the last token's line)
lines = {}
debug.sethook(function(ev, l)
  if debug.getinfo(2, "S").source == "=last" then lines[#lines + 1] = l end
end, "l")
loadstring("if\nmath.sin(1)\nthen\n  a=1\nelse\n  a=2\nend\n", "=last")()
debug.sethook()
print(table.concat(lines, " "))
