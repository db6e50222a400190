local function level1()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function() a = a + 1; b = b + 1; c = c + 1; return a + b + c end
    end
  end
end
local f = level1()()()
print(f(), f(), f())
local g = level1()()()
print(g())
local fns = {}
for i = 1, 3 do
  local v = i
  fns[i] = function() return function() v = v * 2 return v end end
end
local d1, d2 = fns[1](), fns[1]()
print(d1(), d2(), d1(), fns[3]()())
local function rec_local()
  local function inner(n) if n == 0 then return 'base' end return inner(n - 1) end
  return inner(10)
end
print(rec_local())
