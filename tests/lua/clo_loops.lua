local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
for k, v in ipairs({'a', 'b', 'c'}) do gs[k] = function() return k .. v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 0
while j < 3 do j = j + 1 local captured = j * 10 hs[j] = function() captured = captured + 1 return captured end end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local rs = {}
local n = 0
repeat n = n + 1 local m = n rs[n] = function() return m end until m >= 3
print(rs[1](), rs[2](), rs[3]())
local shared = {}
for i = 1, 2 do
  local x = i
  shared[i] = {get = function() return x end, set = function(v) x = v end}
end
shared[1].set(100)
print(shared[1].get(), shared[2].get())
local mods = {}
for i = 1, 3 do mods[i] = function() i = i + 100 return i end end
print(mods[1](), mods[1](), mods[2]())
