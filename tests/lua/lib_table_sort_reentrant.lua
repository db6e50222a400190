local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- comparators that sort, gsub, pcall, or use coroutines
local outer = {5, 3, 9, 1, 7}
table.sort(outer, function(a, b) local x = {b, a, 4} table.sort(x) return a < b end)
print(show(outer))
local t = {"b c", "a d", "c a"}
table.sort(t, function(x, y) return (x:gsub("%s", "")) < (y:gsub("%s", "")) end) print(show(t))
local t = {3, 1, 2}
table.sort(t, function(a, b) local ok, r = pcall(function() return a < b end) return r end) print(show(t))
local co = coroutine.wrap(function()
  local t = {4, 2, 3, 1}
  table.sort(t)
  coroutine.yield(show(t))
  table.sort(t, function(a, b) return a > b end)
  coroutine.yield(show(t))
end)
print(co()) print(co())
local co = coroutine.create(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
print(coroutine.resume(co))
local depth = 0
local function cmp(a, b)
  depth = depth + 1
  if depth < 50 then local x = {2, 1} table.sort(x, cmp) end
  return a < b
end
local t = {3, 2, 1} table.sort(t, cmp) print(show(t), depth > 0)
