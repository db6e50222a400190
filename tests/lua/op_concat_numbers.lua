-- concatenation converts numbers with %.14g
print(1 .. 2, 1 .. "", "" .. 2, 1.5 .. 2.5)
print(1e15 .. "", 1e100 .. "", 0.1 .. "", -0.0 .. "", 2^63 .. "")
print(1/3 .. "", 100 .. "%", "x" .. 10 / 2)
local n = 42
print("n=" .. n, n .. "=n", n .. n)
print(math.huge .. "", -math.huge .. "")
print(#(123 .. 456), type(1 .. 2))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = i .. ":" .. i * i end
print(table.concat(parts, ","))
print(pcall(function() return 1 .. nil end))
print(pcall(function() return "a" .. true end))
print(pcall(function() return {} .. "a" end))
local s = ""
for i = 10, 1, -3 do s = s .. i end
print(s)
print("a" .. "b" .. "c" .. 1 .. 2 .. "d")
