-- each iteration of a numeric for has a fresh loop variable
local fs = {}
for i = 1, 5 do fs[#fs + 1] = function() return i end end
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = f() end
print(table.concat(out, " "))
local gs = {}
for i = 10, 1, -3 do gs[#gs + 1] = function() return i end end
out = {}
for _, g in ipairs(gs) do out[#out + 1] = g() end
print(table.concat(out, " "))
local hs = {}
for x = 0.5, 2, 0.5 do hs[#hs + 1] = function() return x * 2 end end
out = {}
for _, h in ipairs(hs) do out[#out + 1] = h() end
print(table.concat(out, " "))
local pairs_ = {}
for i = 1, 3 do
  local j = i * 10
  pairs_[i] = {function() return i, j end, function(v) j = v end}
end
pairs_[2][2](99)
for k = 1, 3 do print(k, pairs_[k][1]()) end
local nested = {}
for i = 1, 2 do for j = 1, 2 do nested[#nested + 1] = function() return i .. j end end end
out = {}
for _, f in ipairs(nested) do out[#out + 1] = f() end
print(table.concat(out, " "))
