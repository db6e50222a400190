local function lvl0() error("zero", 0) end
local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function caller() lvl2() end
print(pcall(lvl0))
print(pcall(lvl1))
print(pcall(caller))
print(pcall(error, "direct"))
print(pcall(error, "direct", 2))
local ok, e = pcall(error, {msg = "tbl"})
print(ok, type(e), e.msg)
print(pcall(function() error() end))
print(pcall(function() error(setmetatable({}, {__tostring = function() return "meta" end})) end) )
print(select('#', pcall(error)))
local ok2, e2 = pcall(function() local a = nil; return a.b end)
print(ok2, e2)
print(xpcall(function() return 1, 2 end, print))
print(xpcall(function() error("deep") end, function(m) return "H:" .. m end))
print(xpcall(function() error({1}) end, function(m) return type(m) end))
print(pcall(pcall, error, "x"))
local function rec(n) if n == 0 then error("bottom") end return rec(n - 1) end
print(pcall(rec, 50))
