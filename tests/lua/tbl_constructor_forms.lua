-- table constructor syntax variations
local t = {1, 2, 3,}
print(#t, t[3])
t = {1; 2; 3;}
print(#t)
t = {"a", x = "b", "c", [10] = "d", y = "e"; "f"}
print(t[1], t[2], t[3], t.x, t.y, t[10])
t = {[1] = "one", [2] = "two", "first"}
print(t[1], t[2])
t = {["key with spaces"] = 1, ["1"] = "string one", [1] = "number one"}
print(t["key with spaces"], t["1"], t[1])
t = {[1 + 1] = "computed", [("x"):rep(2)] = "xx"}
print(t[2], t.xx)
t = {{1, 2}, {3, {4, 5}}, {}}
print(#t, t[1][2], t[2][2][1], #t[3])
t = {f = function(self) return self.v end, v = 42}
print(t:f())
t = {true, false, "s", 1.5}
print(#t, t[1], t[2], t[3], t[4])
local k = "dyn"
t = {[k] = 1, k = 2}
print(t.dyn, t.k)
t = {x = 1, x = 2}
print(t.x)
t = {[1] = "a", "b"}
print(t[1])
t = {"b", [1] = "a"}
print(t[1])
print(#{n = 1, 2, 3}, #{{}, {}})
