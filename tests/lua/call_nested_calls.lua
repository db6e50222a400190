-- calls nested in arguments are evaluated left to right
local log = {}
local function note(tag, v) log[#log + 1] = tag return v end
local function add(a, b) return a + b end
print(add(note("a", 1), note("b", 2)), table.concat(log, ","))
log = {}
print(add(add(note("x", 1), note("y", 2)), add(note("z", 3), note("w", 4))), table.concat(log, ","))
log = {}
local t = {note("k1", 1), note("k2", 2), [note("k3", 3)] = note("v3", "three")}
print(t[1], t[2], t[3], table.concat(log, ","))
log = {}
local r = note("l", 10) + note("r", 20) * note("m", 2)
print(r, table.concat(log, ","))
log = {}
local s = note("s1", "a") .. note("s2", "b") .. note("s3", "c")
print(s, table.concat(log, ","))
log = {}
local obj = {f = function(self, x) return x end}
print(note("recv", obj):f(note("arg", 5)), table.concat(log, ","))
log = {}
local x, y = note("e1", 1), note("e2", 2)
print(x, y, table.concat(log, ","))
print(math.max(math.min(5, 3), math.min(10, 8)), string.rep(string.char(65 + 1), 2 + 1))
print(tostring(tonumber(tostring(12.5))), type(type(nil)))
