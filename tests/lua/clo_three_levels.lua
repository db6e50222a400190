-- upvalues of upvalues across three levels
local function level1(a)
  return function(b)
    return function(c)
      a = a + 1
      return a, b, c
    end
  end
end
local l2 = level1(10)
local l3a = l2("b1")
local l3b = l2("b2")
print(l3a("c1"))
print(l3b("c2"))
print(l3a("c3"))
local function outer()
  local x = 0
  local function middle()
    local y = 0
    local function inner()
      x = x + 1
      y = y + 10
      return x, y
    end
    return inner
  end
  return middle, function() return x end
end
local middle, getx = outer()
local i1, i2 = middle(), middle()
print(i1()) print(i1()) print(i2())
print(getx())
local function deep(v)
  return function() return function() return function() return v end end end
end
print(deep("four levels")()()())
