-- coroutine.wrap as generic-for iterators
local function chars(s)
  return coroutine.wrap(function() for i = 1, #s do coroutine.yield(i, s:sub(i, i)) end end)
end
for i, c in chars("lua") do print(i, c) end
local function sorted_pairs(t)
  return coroutine.wrap(function()
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do coroutine.yield(k, t[k]) end
  end)
end
for k, v in sorted_pairs({c = 3, a = 1, b = 2}) do print(k, v) end
local function zip(a, b)
  return coroutine.wrap(function()
    for i = 1, math.min(#a, #b) do coroutine.yield(a[i], b[i]) end
  end)
end
for x, y in zip({1, 2, 3}, {"one", "two"}) do print(x, y) end
local function words(s) return coroutine.wrap(function() for w in s:gmatch("%S+") do coroutine.yield(w) end end) end
local n = 0
for w in words("  the quick  brown fox ") do n = n + 1 io.write("[", w, "]") end
print(" count", n)
