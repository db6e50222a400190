-- nested tables: matrices, records, and deep copies
local function matrix(n, m, f)
  local r = {}
  for i = 1, n do r[i] = {} for j = 1, m do r[i][j] = f(i, j) end end
  return r
end
local function mmul(a, b)
  local r = {}
  for i = 1, #a do
    r[i] = {}
    for j = 1, #b[1] do
      local s = 0
      for k = 1, #b do s = s + a[i][k] * b[k][j] end
      r[i][j] = s
    end
  end
  return r
end
local a = matrix(2, 3, function(i, j) return i + j end)
local b = matrix(3, 2, function(i, j) return i * j end)
local c = mmul(a, b)
for i = 1, #c do print(table.concat(c[i], " ")) end
local function deepcopy(v)
  if type(v) ~= "table" then return v end
  local r = {}
  for k, x in pairs(v) do r[deepcopy(k)] = deepcopy(x) end
  return r
end
local orig = {name = "n", list = {1, 2, {3, 4}}, sub = {x = {y = "z"}}}
local copy = deepcopy(orig)
copy.list[3][1] = 99
copy.sub.x.y = "changed"
print(orig.list[3][1], copy.list[3][1], orig.sub.x.y, copy.sub.x.y)
print(orig.list ~= copy.list, #copy.list)
local function serialize(v)
  if type(v) ~= "table" then return type(v) == "string" and string.format("%q", v) or tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(x, y) return tostring(x) < tostring(y) end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = "[" .. serialize(k) .. "]=" .. serialize(v[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
print(serialize(orig))
