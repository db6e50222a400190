-- pcall inside pcall, and rethrowing
local function fail(m) error(m, 0) end
print(pcall(pcall, fail, "a"))
print(pcall(function()
  local ok, e = pcall(fail, "inner")
  print("inner result", ok, e)
  error("outer " .. e, 0)
end))
local function level(n)
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(level, n - 1)
  error(e .. "<" .. n, 0)
end
print(pcall(level, 4))
print(select('#', pcall(pcall, error)))
print(pcall(pcall))
print(pcall(error, pcall(error, "x", 0)))
local results = {}
for i = 1, 5 do
  local ok, v = pcall(function() if i % 2 == 0 then error(i, 0) end return i * 10 end)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(v)
end
print(table.concat(results, " "))
print(pcall(function() return pcall(function() return "deep", "values" end) end))
