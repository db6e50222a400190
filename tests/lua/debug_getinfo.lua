-- debug.getinfo: lua5.1's fields for levels and functions, and its option letters.
local function show(t)
  if t == nil then print("nil") return end
  local keys = {}
  for k in pairs(t) do keys[#keys+1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "function" or type(v) == "table" then v = type(v) end
    parts[#parts+1] = k .. "=" .. tostring(v)
  end
  print(table.concat(parts, " "))
end

local function f(a, b)
  show(debug.getinfo(1))
  show(debug.getinfo(2, "nSl"))
  show(debug.getinfo(1, "n"))
  return a + b
end
f(1, 2)
local t = {m = function() show(debug.getinfo(1, "n")) end}
t.m()
t:m()
show(debug.getinfo(print))
show(debug.getinfo(0, "nS"))
show(debug.getinfo(f, "S"))
show(debug.getinfo(f, "u"))
show(debug.getinfo(100))
print(debug.getinfo(1, "f").func == nil, debug.getinfo(f, "f").func == f)
local lines = debug.getinfo(f, "L").activelines
local ls = {}
for l in pairs(lines) do ls[#ls+1] = l end
table.sort(ls)
print(table.concat(ls, ","))
print(pcall(debug.getinfo, 1, "X"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo, {}))
local src = loadstring("return debug.getinfo(1, 'S')", "=mychunk")()
show(src)
src = loadstring("return debug.getinfo(1, 'S')")()
show(src)
local co = coroutine.create(function(x) coroutine.yield(x) end)
coroutine.resume(co, 1)
show(debug.getinfo(co, 0, "nSl"))
show(debug.getinfo(co, 1, "Sl"))
show(debug.getinfo(co, 2, "Sl"))
print(pcall(function() show(debug.getinfo(2, "nSl")) end))
