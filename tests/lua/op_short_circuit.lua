-- the right operand of and/or is evaluated only when needed
local calls = {}
local function v(tag, val) calls[#calls + 1] = tag return val end
local function reset() local s = table.concat(calls, ",") calls = {} return s end
local r = v("a", false) and v("b", true)
print(r, reset())
r = v("a", true) and v("b", 2)
print(r, reset())
r = v("a", nil) or v("b", 3)
print(r, reset())
r = v("a", 1) or v("b", 3)
print(r, reset())
r = v("a", 1) and v("b", nil) or v("c", "c")
print(r, reset())
r = v("a", false) or v("b", false) or v("c", nil)
print(r, reset())
if v("a", true) or v("b", true) then print("if taken", reset()) end
while v("w", false) and v("x", true) do end
print(reset())
local t = nil
print(t and t.x, reset())
print(pcall(function() local n = nil return n and n.x end))
print(false and error("never") or "safe")
