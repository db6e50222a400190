-- large arrays
local t = {}
for i = 1, 10000 do t[i] = i * 2 end
print(#t, t[1], t[5000], t[10000])
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print(sum)
local s2 = 0
for _, v in ipairs(t) do s2 = s2 + v end
print(s2 == sum)
local cnt = 0
for k in pairs(t) do cnt = cnt + 1 end
print(cnt)
for i = #t, 5001, -1 do t[i] = nil end
print(#t, t[5000], t[5001])
local rev = {}
for i = 10000, 1, -1 do rev[#rev + 1] = i end
table.sort(rev)
print(rev[1], rev[10000], #rev)
local strs = {}
for i = 1, 10000 do strs[i] = tostring(i) end
local joined = table.concat(strs)
print(#joined, joined:sub(1, 12), joined:sub(-8))
local sparse = {}
for i = 1, 10000, 100 do sparse[i] = true end
local n = 0
for _ in pairs(sparse) do n = n + 1 end
print(n, table.maxn(sparse))
local grid = {}
for i = 1, 100 do grid[i] = {} for j = 1, 100 do grid[i][j] = i * j end end
print(grid[37][59], #grid, #grid[100])
