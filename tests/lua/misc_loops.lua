for i = 1, 3 do io.write(i, ' ') end print()
for i = 3, 1, -1 do io.write(i, ' ') end print()
for i = 1, 0 do io.write('never') end print('empty')
for i = 0, 1, 0.25 do io.write(i, ' ') end print()
local x = 0
for i = 0.1, 1, 0.1 do x = x + 1 end print(x)
for i = 1, 3 do local i = i * 2 io.write(i, ' ') end print()
local n = 0
while true do n = n + 1 if n > 5 then break end end print(n)
local m = 0
repeat m = m + 1 until m == 4 print(m)
for i = 1, 3 do for j = 1, 3 do if j == 2 then break end io.write(i, j, ' ') end end print()
local function iter(s, c) if c < s then return c + 1 end end
for v in iter, 3, 0 do io.write(v, ' ') end print()
local t = {}
for i = 10, 1, -3 do t[#t + 1] = i end print(table.concat(t, ','))
for i = '1', '3' do io.write(i, ' ') end print()
local last
for i = 1, 3 do last = i end print(last)
