-- A local captured by a closure, as the left operand of arithmetic, a comparison or indexing,
-- is read when the operator runs, after the right operand (lua5.1 reads the local's register
-- then; a closure called by the right operand may have assigned it). Found by lua_fuzz.
local a = 1
local function bump() a = a + 10 return 1 end
print(a + bump(), a - bump(), a < bump(), a == bump(), bump() + a)
local b = 5
local function nb() b = nil return 2 end
print(pcall(function() return b * nb() end))
local c = {x = 1}
local function nc() c = {x = 2} return 'x' end
print(c[nc()], (a) + bump(), a .. bump())
if a > bump() then print('gt') else print('le') end
local d = 3
local function nd() d = 100 return 1 end
print(d % nd(), d ^ nd(), d / nd(), -d)
local v1 = 4
local function f7() v1 = nil return 2 end
print(pcall(function() local r = 0 return r end), pcall(loadstring("local v = 1 local function f() v = nil return 1 end return v / f()")))
local co = coroutine.wrap(function(a)
  local function f2(p) a = 48 return 0 end
  print(a - f2(a), a)
end)
co(7)
