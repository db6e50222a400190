-- __newindex as table and function
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.a = 1
print(rawget(proxy, "a"), store.a)
local log = {}
local guarded = setmetatable({existing = 1}, {
  __newindex = function(t, k, v)
    log[#log + 1] = tostring(k) .. "=" .. tostring(v)
    rawset(t, k, v)
  end,
})
guarded.existing = 2
guarded.new1 = "x"
guarded.new1 = "y"
guarded[1] = true
print(table.concat(log, " "), guarded.existing, guarded.new1)
local readonly = setmetatable({}, {__index = {k = "v"}, __newindex = function(t, k) error("attempt to set " .. k, 2) end})
print(readonly.k, pcall(function() readonly.k = 1 end))
local inner_log = {}
local inner = setmetatable({}, {__newindex = function(t, k, v) inner_log[#inner_log + 1] = k rawset(t, k, v) end})
local outer = setmetatable({}, {__newindex = inner})
outer.z = 26
print(rawget(outer, "z"), rawget(inner, "z"), table.concat(inner_log))
local nilset = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v == nil and "was nil" or v) end})
nilset.q = nil
print(nilset.q)
local counter = 0
local t = setmetatable({}, {__newindex = function(t, k, v) counter = counter + 1 end})
for i = 1, 5 do t[i] = i end
print(counter, rawget(t, 1))
