-- a tracking proxy combining __index and __newindex
local function track(target)
  local log = {}
  local proxy = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. tostring(k) return target[k] end,
    __newindex = function(_, k, v) log[#log + 1] = "set " .. tostring(k) target[k] = v end,
  })
  return proxy, log
end
local data = {a = 1}
local p, log = track(data)
p.b = p.a + 1
p.a = nil
local x = p.missing
p[1] = "one"
print(data.a, data.b, data[1], x)
print(table.concat(log, ", "))
print(next(p))
local defaults = {color = "red", size = 10}
local settings = setmetatable({size = 12}, {__index = defaults})
print(settings.color, settings.size, defaults.size)
settings.color = "blue"
print(settings.color, defaults.color)
settings.color = nil
print(settings.color)
