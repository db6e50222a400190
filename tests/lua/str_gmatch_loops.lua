-- string.gmatch loops
local words = {}
for w in string.gmatch("one two  three\tfour", "%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
local kv = {}
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do kv[#kv + 1] = k .. ":" .. v end
print(table.concat(kv, " "))
local positions = {}
for p in string.gmatch("banana", "()a") do positions[#positions + 1] = p end
print(table.concat(positions, " "))
local count = 0
for _ in string.gmatch("", "x*") do count = count + 1 end
print(count)
count = 0
for m in string.gmatch("abc", "") do count = count + 1 end
print(count)
local parts = {}
for m in string.gmatch("abc", "x*") do parts[#parts + 1] = "[" .. m .. "]" end
print(table.concat(parts))
local nums = {}
for n in ("10 -3 4.5 7"):gmatch("%-?[%d%.]+") do nums[#nums + 1] = tonumber(n) * 2 end
print(table.concat(nums, " "))
local it = string.gmatch("x1y2", "%a(%d)")
print(it(), it(), it())
local anchored = {}
for m in string.gmatch("^a^a", "^a") do anchored[#anchored + 1] = m end
print(#anchored)
local lines = {}
for line in ("l1\nl2\n\nl4"):gmatch("([^\n]*)\n?") do lines[#lines + 1] = "<" .. line .. ">" end
print(table.concat(lines))
