-- multiple results as call arguments
local function two() return "a", "b" end
local function none() end
local function count(...) return select('#', ...) end
print(count(two()), count(two(), two()), count(two(), "x"), count("x", two()))
print(count(none()), count(none(), none()), count(none(), 1), count(1, none()))
print(two(), two())
print((two()))
print(two(), "mid", two())
print(count((none())))
print(string.format("%s-%s", two()))
print(math.max(two() == "a" and 1 or 0, 5))
local function id(...) return ... end
print(id(id(id(1, 2, 3))))
print(count(id(nil, nil)), count(id()))
local t = {}
table.insert(t, (two()))
print(#t, t[1])
print(select(2, two()))
print(pcall(type, none()))
print(pcall(type, (none())))
