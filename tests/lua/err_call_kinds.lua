-- "attempt to call" names the callee
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() undefined_function() end)
try(function() local notfn = 3 notfn() end)
try(function() local t = {} t.method() end)
try(function() local t = {} t:method() end)
try(function() local t = {inner = {}} t.inner.fn() end)
try(function() local t = {inner = {}} t.inner:fn() end)
local up = "string"
try(function() up() end)
try(function() local t = {} t[1]() end)
try(function() ("literal")() end)
try(function() local n = 1 return n(1, 2) end)
try(function() return (1)() end)
try(function() local a = {b = {c = {}}} a.b.c.d() end)
try(function() local a = {b = {c = 1}} a.b.c() end)
try(function() local t = setmetatable({}, {}) t() end)
try(function() local co = coroutine.create(function() end) co() end)
try(function() local b = true b() end)
