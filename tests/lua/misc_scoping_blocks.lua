-- local scoping in do blocks, loops, and functions
local x = 1
do
  local x = x + 1
  print("inner", x)
  do
    local x = x * 10
    print("innermost", x)
  end
  print("inner again", x)
end
print("outer", x)
for x = 5, 6 do print("loop", x) end
print("after loop", x)
local function shadow(x) x = x or "param default" return x end
print(shadow(), shadow("given"), x)
local a, a = 1, 2
print(a)
local y = 1
local y = y + 1
print(y)
if true then local z = "if-local" print(z) end
print(z)
local i = 100
for i = 1, 2 do end
print(i)
local function recursive_scope(n)
  local v = n
  if n > 0 then recursive_scope(n - 1) end
  return v
end
print(recursive_scope(3))
local t = {}
do local secret = "hidden" function t.reveal() return secret end end
print(t.reveal(), secret)
