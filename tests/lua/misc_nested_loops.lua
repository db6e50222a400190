-- while/repeat/break in nested loops
local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j break end
  end
  if found then break end
end
print(found)
local out = {}
local i = 0
while i < 5 do
  i = i + 1
  local j = 0
  repeat
    j = j + 1
    if j == i then break end
    out[#out + 1] = i .. j
  until j >= 3
end
print(table.concat(out, " "))
local count = 0
for a = 1, 3 do
  local b = 0
  while true do
    b = b + 1
    if b > a then break end
    for c = 1, 2 do
      if c == 2 then break end
      count = count + 1
    end
  end
end
print(count)
local n = 0
repeat
  n = n + 1
  local stop = n >= 3
until stop
print(n)
local r = 0
while true do
  r = r + 1
  repeat
    if r % 2 == 0 then break end
    r = r + 10
  until true
  if r > 30 then break end
end
print(r)
local function first_negative(t)
  for idx, v in ipairs(t) do if v < 0 then return idx, v end end
  return nil
end
print(first_negative({3, 1, -4, 1, -5}), first_negative({1, 2}))
