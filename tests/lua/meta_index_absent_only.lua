-- __index/__newindex fire only for absent keys (false counts as present)
local hits = {}
local mt = {
  __index = function(t, k) hits[#hits + 1] = "get:" .. tostring(k) return "fallback" end,
  __newindex = function(t, k, v) hits[#hits + 1] = "set:" .. tostring(k) rawset(t, k, v) end,
}
local t = setmetatable({f = false, z = 0, e = ""}, mt)
print(t.f, t.z, t.e, t.none)
t.f = true
t.z = nil
t.z = 5
t.fresh = 1
t.fresh = 2
print(t.f, t.z, t.fresh)
print(table.concat(hits, " "))
hits = {}
local arr = setmetatable({1, 2, 3}, mt)
print(arr[2], arr[4], arr[0])
arr[3] = nil
arr[3] = "again"
arr[4] = "four"
print(table.concat(hits, " "))
