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
local function sign(v) return v > 0 and 1 or v < 0 and -1 or 0 end
print(sign(5), sign(-3), sign(0))
local a, b, c = 1, 2, 3
print(a < b and b < c, (a < b) ~= (b > c))
print(pcall(function() return a < b == b < c end))
print(a == 1 == true, (a == 1) == (b == 2))
print("a" < "b" == true, ("b" < "a") == false)
print(not (a > b) == true)
local results = {}
for _, pair in ipairs({{1, 1}, {1, 2}, {2, 1}}) do
  local x, y = pair[1], pair[2]
  results[#results + 1] = tostring(x < y) .. "/" .. tostring(x <= y) .. "/" .. tostring(x == y)
end
print(table.concat(results, " "))
