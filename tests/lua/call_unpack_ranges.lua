-- unpack with explicit ranges and nils
local t = {"a", "b", "c", "d"}
print(unpack(t))
print(unpack(t, 2))
print(unpack(t, 2, 3))
print(unpack(t, 3, 2))
print(unpack(t, -1, 1))
print(unpack(t, 4, 6))
print(select('#', unpack(t, 1, 10)))
print(unpack({}))
print(select('#', unpack({})))
print(unpack({1, nil, 3}, 1, 3))
print(unpack({n = 3}, 1, 3))
print(unpack({[0] = "zero", "one"}, 0, 1))
local big = {}
for i = 1, 200 do big[i] = i end
print(select('#', unpack(big)), (select(200, unpack(big))))
print(unpack(t, "2", "3"))
print(pcall(unpack))
local function sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
print(sum(unpack(big, 1, 100)))
print(table.concat({unpack(t, 2)}, "|"))
