-- __index functions receive the table and the key
local calls = {}
local t = setmetatable({present = "here"}, {
  __index = function(tbl, key)
    calls[#calls + 1] = tostring(key)
    if key == "self" then return tbl end
    if type(key) == "number" then return key * key end
    return nil
  end,
})
print(t.present, t.absent, t[7], t.self == t)
print(table.concat(calls, ","))
local defaults = setmetatable({}, {__index = function() return 0 end})
defaults.a = defaults.a + 5
defaults.a = defaults.a + 5
print(defaults.a, defaults.b)
local counted = setmetatable({}, {__index = function(t, k) local v = k:upper() rawset(t, k, v) return v end})
print(counted.abc, rawget(counted, "abc"), counted.abc)
local fallback_chain = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "deep " .. k end})})
print(fallback_chain.key)
local multi = setmetatable({}, {__index = function() return 1, 2, 3 end})
print(multi.x)
print(select('#', multi.x))
