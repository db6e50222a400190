-- assignment errors
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local x = nil x.y = 1 end)
try(function() local x = 1 x.y = 1 end)
try(function() local x = "s" x.y = 1 end)
try(function() undefined_table.y = 1 end)
try(function() local t = {} t.a.b = 1 end)
try(function() local t = {} t[1][2] = 1 end)
local up = nil
try(function() up.field = 1 end)
try(function() local b = false b[1] = 2 end)
try(function() local t = setmetatable({}, {__newindex = "oops"}) t.x = 1 end)
try(function() local t = setmetatable({}, {__index = 5}) return t.x end)
try(function() local t = {} t[{}] = 1 t[print] = 2 return "tables and functions are fine keys" end)
