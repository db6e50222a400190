-- type() and tostring() of every kind of value
local values = {nil, true, false, 0, -1.5, "", "s", {}, print, function() end, coroutine.create(function() end)}
for i = 1, 11 do print(i, type(values[i])) end
print(tostring(nil), tostring(true), tostring(false), tostring(0), tostring(-1.5), tostring(""))
print(tostring(print):match("^function") ~= nil, tostring({}):match("^table: ") ~= nil)
print(tostring(coroutine.create(function() end)):match("^thread: ") ~= nil)
print(type(type), type(nil) == "nil", type(type(1)))
print(pcall(type))
print(_VERSION)
print(type(_VERSION), #_VERSION)
print(type(string), type(string.len), type(math.pi), type(math.huge))
print(type(io), type(io.write))
print(select('#', nil), select('#', nil, nil))
local counts = {}
local samples = {1, "a", {}, print, true, 2.5, "b", false, coroutine.create(print == print and function() end)}
for i = 1, #samples do local k = type(samples[i]) counts[k] = (counts[k] or 0) + 1 end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", counts[k], " ") end
print()
print(type(nil) .. type(false) .. type(0))
print(pcall(type, nil))
