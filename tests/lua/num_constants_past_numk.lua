-- Arithmetic and order comparisons with number constants beyond the first 16 constants
-- of a function (NUMK_SLOTS: they keep the generic opcodes): same results, coercions and
-- errors as with the first ones.
local t = {}
t.f0, t.f1, t.f2, t.f3, t.f4, t.f5, t.f6, t.f7 = 0, 1, 2, 3, 4, 5, 6, 7
t.g0, t.g1, t.g2, t.g3, t.g4, t.g5, t.g6, t.g7 = 0, 1, 2, 3, 4, 5, 6, 7
t.h0, t.h1, t.h2, t.h3, t.h4, t.h5, t.h6, t.h7 = 0, 1, 2, 3, 4, 5, 6, 7
t.i0, t.i1, t.i2, t.i3, t.i4, t.i5, t.i6, t.i7 = 0, 1, 2, 3, 4, 5, 6, 7
local function f(a)
  local s = a + 100.5
  s = s - 200.25 + a * 300 - a / 400 + a % 7.5 + a ^ 0.5
  if type(a) == "number" then
    if a < 1000.125 then s = s + 1 end
    if a <= 2000.125 then s = s + 2 end
    if 3000.5 < a then s = s + 4 end
  end
  return s, a % -7.5, a == 100.5
end
for _, v in ipairs({1, 2.5, 3, "10", "0x10", 1e300, 100.5}) do
  print(f(v))
end
print(pcall(f, "x"))
print(pcall(f, {}))
print(pcall(function(a) return a < 1000.125 end, "x"))
local mt = {__add = function(a, b) return "add" end, __lt = function() return true end,
  __le = function() return false end, __mod = function() return "mod" end}
local o = setmetatable({}, mt)
print(pcall(function() return o + 100.5, o % 7.5, o < 1000.125 end))
