-- "attempt to index" names the variable kind
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local x; return x.field end)
try(function() local x = 5; return x.field end)
try(function() local x = true; x.field = 1 end)
try(function() return undefined_global.field end)
try(function() undefined_global.field = 1 end)
local t = {inner = {}}
try(function() return t.missing.deeper end)
try(function() return t.inner.missing.deeper end)
try(function() t.missing.deeper = 1 end)
local up
try(function() return up.x end)
try(function() return up[1] end)
try(function() local s = "str" return s.x.y end)
try(function() return t[1].x end)
local k = "dyn"
try(function() return t[k].x end)
try(function() local f = function() end return f.x end)
try(function() return (nil).x end)
