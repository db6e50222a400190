-- concatenation errors
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local x = {} return "a" .. x end)
try(function() local x = {} return x .. "a" end)
try(function() local x return "a" .. x end)
try(function() return "a" .. undefined_global end)
try(function() local t = {} return "a" .. t.field end)
try(function() return "a" .. true end)
try(function() return 1 .. {} end)
try(function() local a, b, c = "x", "y", nil return a .. b .. c end)
try(function() local a, b, c = "x", {}, "z" return a .. b .. c end)
try(function() return "a" .. print end)
local up = false
try(function() return up .. "x" end)
print(pcall(function() return "ok" .. 1 .. 2.5 end))
