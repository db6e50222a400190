-- repeat bodies: fresh locals, and the until condition sees them
local fs = {}
local n = 0
repeat
  n = n + 1
  local v = n * 3
  fs[n] = function() return v end
until v >= 12
print(n, fs[1](), fs[2](), fs[3](), fs[4]())
local gs = {}
local i = 0
repeat
  local j = i
  i = i + 1
  gs[i] = function() j = j + 1 return j end
until i == 3
print(gs[1](), gs[1](), gs[2](), gs[3]())
local count = 0
repeat
  local done = false
  local f = function() done = true end
  count = count + 1
  if count == 2 then f() end
until done
print(count)
