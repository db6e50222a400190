-- __lt and __le, including the __le fallback to not __lt(b, a)
local log = {}
local mt = {}
mt.__lt = function(a, b) log[#log + 1] = "lt(" .. a.v .. "," .. b.v .. ")" return a.v < b.v end
local function n(v) return setmetatable({v = v}, mt) end
local one, two = n(1), n(2)
print(one < two, two < one, one > two, two > one)
print(table.concat(log, " "))
log = {}
print(one <= two, two <= one, one >= two, one <= one)
print(table.concat(log, " "))
mt.__le = function(a, b) log[#log + 1] = "le(" .. a.v .. "," .. b.v .. ")" return a.v <= b.v end
log = {}
print(one <= two, two >= one)
print(table.concat(log, " "))
local list = {n(5), n(3), n(9), n(1)}
table.sort(list)
local out = {}
for _, x in ipairs(list) do out[#out + 1] = x.v end
print(table.concat(out, " "))
local other = setmetatable({v = 0}, {__lt = mt.__lt})
print(pcall(function() return one < other end))
print(pcall(function() return one < 1 end))
local strs = setmetatable({v = "b"}, mt)
print(pcall(function() return strs < n("c") end))
local truthy = setmetatable({}, {__lt = function() return 1 end})
print(truthy < setmetatable({}, getmetatable(truthy)))
