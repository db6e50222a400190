-- any non-nil, non-NaN value can be a key
local t = {}
local fkey = function() end
local tkey = {}
local co = coroutine.create(function() end)
t[true] = "true"
t[false] = "false"
t[fkey] = "function"
t[tkey] = "table"
t[co] = "thread"
t[print] = "builtin"
t[0] = "zero"
t[""] = "empty string"
print(t[true], t[false], t[fkey], t[tkey], t[co], t[print], t[0], t[""])
print(t[{}], t[function() end])
local n = 0
for k in pairs(t) do n = n + 1 end
print(n)
t[tkey] = nil
t[false] = nil
n = 0
for k in pairs(t) do n = n + 1 end
print(n)
local kinds = {}
for k in pairs(t) do kinds[#kinds + 1] = type(k) end
table.sort(kinds)
print(table.concat(kinds, " "))
