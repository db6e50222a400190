-- comparisons are left associative and produce booleans
print(1 < 2 == true, (1 < 2) == true)
print(pcall(function() return 1 < 2 < 3 end))
print(1 == 1 == true, 2 == 2 == false)
print("a" == "a" ~= false)
print(pcall(loadstring("return 3 > 2 > 1")))
local x = 5
print(x > 1 and x < 10, x > 1 and x > 10)
print((x > 1) == (x >= 2))
local function between(v, lo, hi) return lo <= v and v <= hi end
for _, v in ipairs({0, 1, 5, 10, 11}) do print(v, between(v, 1, 10)) end
print(type(1 < 2), type(1 == 1))
