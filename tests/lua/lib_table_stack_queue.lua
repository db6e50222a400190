-- stacks and queues with insert/remove
local stack = {}
for i = 1, 5 do table.insert(stack, i * i) end
io.write("pop:") while #stack > 0 do io.write(" ", table.remove(stack)) end print()
local q = {}
for i = 1, 5 do table.insert(q, "job" .. i) end
io.write("dequeue:") while #q > 0 do io.write(" ", table.remove(q, 1)) end print()
local dq = {}
table.insert(dq, 1, "b") table.insert(dq, 1, "a") table.insert(dq, "c") table.insert(dq, 2, "ab")
print(table.concat(dq, ","), table.remove(dq, 1), table.remove(dq), table.concat(dq, ","))
local pq = {}
local function push(v) table.insert(pq, v) table.sort(pq, function(a, b) return a > b end) end
for _, v in ipairs({5, 1, 9, 3, 7}) do push(v) end
io.write("pq:") while #pq > 0 do io.write(" ", table.remove(pq)) end print()
local t = {} for i = 1, 1000 do table.insert(t, i) end for i = 1, 500 do table.remove(t, 1) end print(#t, t[1], t[#t])
