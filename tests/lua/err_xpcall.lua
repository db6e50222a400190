-- xpcall handlers see the original message and may replace it
local function handler(msg) return "handled: " .. tostring(msg) end
print(xpcall(function() error("boom") end, handler))
print(xpcall(function() error("boom", 0) end, handler))
print(xpcall(function() return 1, 2, 3 end, handler))
print(xpcall(function() local x = nil return x.y end, handler))
print(xpcall(function() error({code = 7}) end, function(e) return e.code * 2 end))
print(xpcall(function() error() end, function(e) return type(e) end))
print(xpcall(function() error("x") end, function(e) return nil end))
print(xpcall(function() error("x") end, function(e) return 1, 2 end))
local depth = 0
print(xpcall(function() error("lvl") end, function(e) depth = depth + 1 return e .. "!" end), depth)
print(pcall(xpcall, function() return "no handler" end))
print(xpcall(error, function(e) return "caught " .. tostring(e) end))
local function inner() error("from inner") end
print(xpcall(function() inner() end, function(m) return (string.gsub(m, "^[^:]+:%d+: ", "")) end))
print(xpcall(function() error("in handler test") end, function(m) error("handler failed") end))
