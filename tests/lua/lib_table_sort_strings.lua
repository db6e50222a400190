local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end

-- default sort of strings (byte order as strcoll in the C locale)
local s = {"banana", "apple", "Cherry", "date", "", "a", "B", "apple", "ab", "a\0b", "a\0a", "~", "Zeta", "123", "12"}
table.sort(s) print((show(s):gsub("%z", "0")))
local w = {} for x in ("the quick brown fox jumps over the lazy dog again and again"):gmatch("%a+") do w[#w + 1] = x end
table.sort(w) print(show(w))
table.sort(w, function(a, b) return a > b end) print(show(w))
local n = {} for i = 1, 30 do n[i] = tostring((i * 7) % 31) end table.sort(n) print(show(n))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {"x", 1}))
