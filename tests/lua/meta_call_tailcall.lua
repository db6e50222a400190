-- A tail call through __call is a proper tail call (lua5.1's precall after tryfuncTM): the
-- stack stays flat however deep the recursion goes.
local o = setmetatable({}, {
  __call = function(self, k, acc)
    if k == 0 then return acc end
    return self(k - 1, acc + 1)
  end,
})
print(o(300000, 0))
print(pcall(o, 100000, 5))
-- Arguments keep their order and the object comes first.
local p = setmetatable({name = 'p'}, {
  __call = function(self, a, b, c) return self.name, a, b, c end,
})
local function f(...) return p(...) end
print(f(1, nil, 3))
print(select('#', f()))
-- A native __call handler is still called (not a tail call).
local q = setmetatable({}, {__call = type})
local function g() return q('ignored') end
print(g())
