-- shadowing and nested blocks with closures
local x = "outer"
local f1 = function() return x end
do
  local x = "inner"
  local f2 = function() return x end
  print(f1(), f2())
  x = "inner changed"
  print(f2())
end
print(x, f1())
local x = "shadow"
print(x, f1())
local fs = {}
for round = 1, 2 do
  local v = round
  do
    local v = v * 100
    fs[#fs + 1] = function() return v end
  end
  fs[#fs + 1] = function() return v end
end
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = f() end
print(table.concat(out, " "))
local function self_ref()
  local t = {}
  t.me = function() return t end
  return t
end
local obj = self_ref()
print(obj.me() == obj, obj.me().me() == obj)
