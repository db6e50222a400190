-- rawget, rawset, rawequal bypass metamethods
local log = {}
local mt = {
  __index = function(t, k) log[#log + 1] = "index " .. tostring(k) return "default" end,
  __newindex = function(t, k, v) log[#log + 1] = "newindex " .. tostring(k) rawset(t, k, v) end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
print(t.a, rawget(t, "a"))
t.b = 1
print(rawget(t, "b"), t.b)
rawset(t, "c", 2)
print(t.c)
t.b = 10
print(t.b)
print(table.concat(log, "; "))
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawequal("a", "a"), rawequal(1, 1), rawequal({}, {}), rawequal(nil, nil))
print(rawset(t, "d", 4) == t)
print(pcall(rawget, "string", 1))
print(pcall(rawset, {}, nil, 1))
print(rawget({10, 20}, 2), rawget({}, "x"))
local arr = setmetatable({}, {__index = function(_, i) return i * i end})
print(arr[5], rawget(arr, 5))
