-- string.dump and load of binary chunks (CLI): round trips with varargs, nested functions,
-- upvalues (fresh and nil after loading), refused foreign chunks; load's reader errors
-- are returned, and reading stops when the first token cannot start a chunk.
local f = loadstring("x = 1; return x, ...")
local d = string.dump(f)
print(type(d), d:sub(1, 5) == "\27LuaQ")
local g = assert(loadstring(d))
print(g(7, 8))
print(x)
local up = 5
local function h(a) return up, a, function(b) return a + b end end
local hh = assert(loadstring(string.dump(h)))
local u, a, inner = hh(3)
print(u, a, inner(4))
print(debug.getupvalue(hh, 1))
print(debug.setupvalue(hh, 1, "set"), (hh(0)))
print(loadstring("\27LuaQ garbage"))
print(loadstring("\27"))
print(pcall(string.dump, print))
print(pcall(string.dump))
local s = string.dump(function(...)
  local t = {...}
  for i, v in ipairs(t) do t[i] = v * 2 end
  return unpack(t)
end)
print(loadstring(s)(1, 2, 3))
local i = 0
local function read1(x)
  return function()
    i = i + 1
    return string.sub(x, i, i)
  end
end
print(assert(load(read1(string.dump(function() return "read" end))))())
i = 0
local fn, msg = load(read1("*a = 123"))
print(fn, msg, i)
i = 0
fn, msg = load(read1("  ) x"))
print(fn, msg, i)
print(select("#", load(function() error("in reader", 0) end)), (select(2, load(function() error("in reader", 0) end))):match("^in reader"))
print(load(function() error({}, 0) end) == nil)
print((select(2, load(function() return true end))):match("^[^\n]*"))
