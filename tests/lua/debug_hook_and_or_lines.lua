-- Line events of and/or split over lines: lcode.c emits the left operand's test and jump at
-- the operator's line.
local lines = {}
local function hook(ev, line) lines[#lines + 1] = line end
local src = [[
local a, b, c = 1, nil, 2
local x = a and
  b
local y = b or
  c
local z = a
  and b
  or c
if a and
   c then
  x = 1
end
while b or
  nil do
end
local w = (a or
  b) and (c and
  a)
return x, y, z, w
]]
debug.sethook(hook, "l")
local f = loadstring(src)
local r = {f()}
debug.sethook()
print(table.concat(lines, " "))
print(unpack(r))
