-- upvalues are closed correctly when loops exit via break or return
local fs = {}
for i = 1, 10 do
  local v = i
  fs[#fs + 1] = function() return v end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[2](), fs[3]())
local function find_first(t, pred)
  for i, x in ipairs(t) do
    local captured = x
    if pred(x) then return function() return i, captured end end
  end
end
print(find_first({5, 8, 13, 21}, function(v) return v % 2 == 0 end)())
local gs = {}
local i = 0
while true do
  i = i + 1
  local w = "w" .. i
  gs[i] = function() return w end
  if i >= 2 then break end
end
print(gs[1](), gs[2]())
local hs = {}
for a = 1, 3 do
  for b = 1, 3 do
    local pair = a .. b
    if b > a then break end
    hs[#hs + 1] = function() return pair end
  end
end
local out = {}
for _, h in ipairs(hs) do out[#out + 1] = h() end
print(table.concat(out, " "))
