-- __call receives the object first, then the arguments
local callable = setmetatable({name = "obj"}, {
  __call = function(self, a, b, ...)
    return self.name, a, b, select('#', ...)
  end,
})
print(callable())
print(callable(1))
print(callable(1, 2, 3, 4))
print(pcall(callable, "via pcall"))
local memo = setmetatable({}, {__call = function(self, n) self[n] = (self[n] or 0) + 1 return self[n] end})
print(memo(5), memo(5), memo(6))
local class = setmetatable({}, {__call = function(cls, v) return setmetatable({v = v}, {__index = cls}) end})
function class.get(self) return self.v end
local inst = class(42)
print(inst:get())
local nested = setmetatable({}, {__call = callable})
print(pcall(nested, "x"))
local multi = setmetatable({}, {__call = function() return 1, 2, 3 end})
print(multi())
print((multi()))
local t = {fn = callable}
print(t.fn("method-ish"))
local n1, a1, b1 = t:fn()
print(n1, a1 == t, b1)
