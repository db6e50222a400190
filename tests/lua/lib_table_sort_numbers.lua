local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- default sort of numbers (no comparator calls)
local function lcg(n, m) local t, x = {}, 7 for i = 1, n do x = (x * 1103515245 + 12345) % 2147483648 t[i] = x % m end return t end
for _, n in ipairs({0, 1, 2, 3, 4, 5, 10, 17, 100}) do
  local t = lcg(n, 50) table.sort(t) print(n, show(t))
end
local t = lcg(5000, 1000) table.sort(t)
local ok = true for i = 2, #t do if t[i - 1] > t[i] then ok = false end end print("sorted", ok, t[1], t[2500], t[5000])
local t = {3.5, -1, 0, -0.0, 1e100, -1/0, 1/0, 2^53, 0.1} table.sort(t) print(show(t))
local t = {} for i = 1, 50 do t[i] = 51 - i end table.sort(t) print(show(t))
local t = {} for i = 1, 50 do t[i] = i end table.sort(t) print(show(t))
local t = {} for i = 1, 50 do t[i] = i % 2 end table.sort(t) print(show(t))
