-- field access spelled in several ways
local a = {b = {c = {d = "deep"}}}
print(a.b.c.d)
print(a . b . c . d)
print(a .b .c .d)
print(a. b. c. d)
print(a["b"]["c"]["d"])
print(a.b["c"].d)
print(a
  .b
  .c
  .d)
local o = {n = 3}
function o.get(self) return self.n end
function o:twice() return self.n * 2 end
print(o.get(o), o:get(), o : twice(), o.twice(o))
print(o["get"](o))
local s = "str"
print(s:upper(), s : len(), ("lit"):rep(2))
local deep = {x = {y = {}}}
function deep.x.y.f(v) return v + 1 end
function deep.x.y:g(v) return self == deep.x.y, v end
print(deep.x.y.f(1), deep.x.y:g(5))
print(#a.b.c.d, -#"ab")
