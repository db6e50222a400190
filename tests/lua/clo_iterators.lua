-- closure-based iterators
local function range(a, b, step)
  step = step or 1
  local i = a - step
  return function()
    i = i + step
    if (step > 0 and i <= b) or (step < 0 and i >= b) then return i end
  end
end
local out = {}
for v in range(1, 5) do out[#out + 1] = v end
print(table.concat(out, " "))
out = {}
for v in range(10, 0, -4) do out[#out + 1] = v end
print(table.concat(out, " "))
local function chars(s)
  local i = 0
  return function() i = i + 1 if i <= #s then return i, s:sub(i, i) end end
end
for i, c in chars("abc") do io.write(i, c, " ") end
print()
local function filter(pred, it)
  return function()
    while true do
      local v = it()
      if v == nil or pred(v) then return v end
    end
  end
end
out = {}
for v in filter(function(x) return x % 3 == 0 end, range(1, 20)) do out[#out + 1] = v end
print(table.concat(out, " "))
local function take(n, it) return function() if n > 0 then n = n - 1 return it() end end end
out = {}
for v in take(3, range(100, 200)) do out[#out + 1] = v end
print(table.concat(out, " "))
