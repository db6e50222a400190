-- catching, inspecting and rethrowing errors
local function risky(n)
  if n > 2 then error("too big: " .. n) end
  return n
end
local function wrapper(n)
  local ok, e = pcall(risky, n)
  if not ok then error("wrapper failed (" .. e .. ")", 0) end
  return e
end
for n = 1, 4 do print(n, pcall(wrapper, n)) end
local function rethrow_same(n)
  local ok, e = pcall(risky, n)
  if not ok then error(e, 0) end
  return e
end
print(pcall(rethrow_same, 5))
local function tagged(tag, fn)
  local ok, e = pcall(fn)
  if ok then return "ok" end
  if type(e) == "table" then e.trail = (e.trail or "") .. tag return error(e) end
  return error(tag .. ":" .. e, 0)
end
local ok, e = pcall(tagged, "outer", function() return tagged("inner", function() error({}) end) end)
print(ok, e.trail)
print(pcall(tagged, "x", function() return tagged("y", function() error("base", 0) end) end))
