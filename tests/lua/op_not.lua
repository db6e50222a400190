-- logical negation
print(not nil, not false, not true, not 0, not "", not {}, not print)
print(not not nil, not not false, not not 1, not not "x")
print(not 1 == 2, (not 1) == 2, not (1 == 2))
print(not nil == true, not (nil == true))
local a, b = true, false
print(not a and b, not (a and b), not a or b, not (a or b))
local function neg(v) return not v end
print(neg(nil), neg(0), neg(false))
local count = 0
for i = 1, 10 do if not (i % 3 == 0) then count = count + 1 end end
print(count)
local t = {}
if not t.missing then print("missing is nil") end
while not (count <= 0) do count = count - 3 end
print(count)
print(not #"", not -1)
