-- Arithmetic and order comparisons of a register with a constant: the specialised forms take
-- only number constants; string constants (coerced, or compared as strings) go the generic
-- way, and a dumped and reloaded function computes the same.
local function try(f, ...)
  local ok, e = pcall(f, ...)
  print(ok, e)
end

local n, s = 7, "b"
print(n + "1", n - "2", n * "3", n / "4", n % "5", n + " 0x10 ", n * "1e1")
print(n + 1, n - 2, n * 3, n / 4, n % 5, n % -3, -n % 3, n + 0.25, n - -0.5)
print(s < "c", s <= "b", s < "a", s <= "a", s > "a", s >= "c")
print(n < 8, n <= 7, n < 7, n <= 6.5, n > 6, n >= 8, n < -1e308, n <= 1e308)
local nan = 0 / 0
print(nan < 1, nan <= 1, nan > 1, nan >= 1, 1 / 0 < 1, -1 / 0 <= -1e308)
try(function() return n < "8" end)
try(function() return n <= "8" end)
try(function() return s < 1 end)
try(function() return n + "x" end)
try(function() local t = {}; return t.f - 1 end)
try(function() local t = {}; return t.f < 1 end)

local function calc(x)
  local r = {}
  for i = 1, 3 do
    r[#r + 1] = (x + i * 3 - (x % 7)) % 1000003
    r[#r + 1] = x / 2 + 0.5
    if x < 10 then r[#r + 1] = "small" end
    if x <= 100 then r[#r + 1] = "medium" end
    x = x * 5 - 1
  end
  return table.concat(r, " ")
end
print(calc(3))
local again = loadstring(string.dump(calc))
print(again(3))
try(again, "3")
