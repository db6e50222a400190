-- debug.getlocal/setlocal (named locals, temporaries, captured locals) and
-- debug.getupvalue/setupvalue on Lua closures and natives.
local function f(a, b)
  local c = a + b
  local d
  for i = 1, 7 do
    local n = 1
    while true do
      local name, v = debug.getlocal(1, n)
      if not name then break end
      if type(v) ~= "function" then print(n, name, v) end
      n = n + 1
    end
    break
  end
  print(debug.setlocal(1, 3, 100), c)
  print(debug.setlocal(1, 40, 100))
  return c
end
f(1, 2)

local captured = 5
local function g()
  local x = 1
  local function h() return x end
  print(debug.getlocal(1, 1))
  print(debug.setlocal(1, 1, 42), h())
end
g()
print(pcall(debug.getlocal, 40, 1))
print(pcall(debug.setlocal, 40, 1, 1))
print((debug.getlocal(1, 1)))

local u1, u2 = 10, 20
local function k() return u1 + u2 + captured end
print(debug.getupvalue(k, 1))
print(debug.getupvalue(k, 2))
print(debug.getupvalue(k, 3))
print(debug.getupvalue(k, 4))
print(debug.getupvalue(k, 0))
print(debug.setupvalue(k, 2, 200), u2, k())
print(debug.setupvalue(k, 5, 1))
print(pcall(debug.getupvalue, 1, 1))
-- a native with upvalues: ipairs keeps its iterator, named ""
print(debug.getupvalue(ipairs, 1))
print(debug.setupvalue(ipairs, 1, 0))
print(debug.getupvalue(print, 1))

local co = coroutine.create(function(p, q)
  local r = p * q
  coroutine.yield()
  print("after", r)
end)
coroutine.resume(co, 3, 4)
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 3))
print(debug.setlocal(co, 1, 3, 99))
coroutine.resume(co)
