-- CLOSURE takes each cell from the frame's registers or from the enclosing closure's
-- upvalues, in any mix and order; all share the cells they name.
local function outer(a, b)
  local c = a + b
  return function(d)
    local e = d * 2
    -- upvalues of the inner closure: c (enclosing upvalue), e (register), a (enclosing
    -- upvalue), d (register), b (enclosing upvalue)
    local f = function(x)
      c = c + x
      e = e + 1
      return c, e, a, d, b
    end
    local g = function() return e, c end
    return f, g
  end
end

local mk = outer(1, 2)
local f1, g1 = mk(10)
local f2, g2 = mk(20)
print(f1(1))
print(f2(2))
print(g1())
print(g2())
print(f1(100))
print(g2())

-- Only enclosing upvalues, no register cells.
local function only_up()
  local p, q, r = 1, 2, 3
  return function()
    return function() p = p + 1; return r, q, p end
  end
end
local h = only_up()()
print(h(), h())

-- Deep chain: each level passes an upvalue of its own enclosing closure on.
local function level1()
  local v = "x"
  return function()
    return function()
      return function()
        v = v .. "y"
        return v
      end
    end
  end
end
local deep = level1()()()
print(deep(), deep())

-- Closures made in a loop from an upvalue and a fresh loop cell each iteration.
local base = 100
local fs = {}
for i = 1, 4 do
  fs[i] = function() base = base + i; return base end
end
for i = 1, 4 do io.write(fs[i](), " ") end
print()

-- Many upvalues (a block, not the inline cell) mixing both sources.
local function many()
  local u1, u2, u3 = 1, 2, 3
  return function(r1, r2)
    return function() return u1 + r1, u2 + r2, u3, r1 * r2 end
  end
end
print(many()(5, 7)())
