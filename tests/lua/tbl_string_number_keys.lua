-- string keys and number keys never collide
local t = {}
t[1] = "number"
t["1"] = "string"
print(t[1], t["1"], t[tonumber("1")], t[tostring(1)])
t["10"] = "ten string"
print(t[10], t["10"])
t[10] = "ten number"
print(t[10], t["10"])
local count = 0
for k, v in pairs(t) do count = count + 1 end
print(count)
local types = {}
for k in pairs(t) do types[#types + 1] = type(k) .. ":" .. tostring(k) end
table.sort(types)
print(table.concat(types, " "))
t.x = "dot"
print(t["x"], t.x)
local s = "x"
print(t[s])
t[""] = "empty"
print(t[""])
t[true] = "bool"
print(t[true], t["true"])
