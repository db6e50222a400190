-- table.sort with and without comparators
local function show(t) return table.concat(t, " ") end
local nums = {5, 3, 9, 1, 7, 2, 8, 6, 4, 10}
table.sort(nums)
print(show(nums))
table.sort(nums, function(a, b) return a > b end)
print(show(nums))
local floats = {3.5, -1, 2.25, 0, -7.5, 100}
table.sort(floats)
print(show(floats))
local words = {"pear", "Apple", "banana", "apple", "Banana", "cherry"}
table.sort(words)
print(show(words))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(show(words))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(show(words))
local records = {{n = "c", v = 3}, {n = "a", v = 1}, {n = "b", v = 2}}
table.sort(records, function(x, y) return x.v > y.v end)
for _, r in ipairs(records) do io.write(r.n, r.v, " ") end
print()
local one = {42}
table.sort(one)
print(show(one))
local empty = {}
table.sort(empty)
print(#empty)
local big = {}
for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[200])
print(pcall(table.sort, {1, "x"}))
