-- Number keys at the edges of a table's array part: the array lookup converts the key to an
-- integer and must refuse every key that is not exactly 1..#arr (fractions, zero, negative
-- zero, negatives, huge values that saturate the conversion, infinities), which then go to
-- the hash part or to __index.
local t = {}
for i = 1, 8 do t[i] = i * 10 end
local keys = { 1, 8, 9, 0, -0, -1, 1.5, 7.999999999999999, 2^31, 2^32 + 1, 2^53, 2^63,
  -2^63, 2^64, 1e300, -1e300, 1/0, -1/0 }
for _, k in ipairs(keys) do print(k, t[k]) end
-- Hash entries with keys outside the array part are still found.
t[0] = "zero"; t[-1] = "minus one"; t[2^63] = "big"; t[1.5] = "fraction"; t[1/0] = "inf"
for _, k in ipairs(keys) do print(k, t[k]) end
-- A nil array slot of a table with __index goes to the metamethod; a filled one does not.
local u = setmetatable({ 1, nil, 3 }, { __index = function(_, k) return "meta " .. tostring(k) end })
u[2] = nil
for k = 0, 4 do print(k, u[k]) end
u[2] = false
print(u[2])
-- An __index table behind an array-part miss.
local v = setmetatable({ "a", "b" }, { __index = { [3] = "c", [2] = "not used" } })
print(v[1], v[2], v[3], v[4])
-- The loop form the benchmark uses: an array of closures called by index.
local adders = {}
for i = 1, 10 do adders[i] = function(x) return x + i end end
local x = 0
for _ = 1, 3 do for i = 1, 10 do x = adders[i](x) % 97 end end
print(x)
