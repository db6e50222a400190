-- building strings incrementally
local s = ""
for i = 1, 10 do s = s .. i .. (i < 10 and "," or "") end
print(s, #s)
local parts = {}
for i = 1, 1000 do parts[#parts + 1] = string.char(97 + (i - 1) % 26) end
local joined = table.concat(parts)
print(#joined, joined:sub(1, 30), joined:sub(-5))
local big = string.rep("0123456789", 10000)
print(#big, big:sub(99995, 100000), big:find("9012", 50000, true))
local nested = "a"
for i = 1, 16 do nested = nested .. nested end
print(#nested)
local mixed = 1 .. "" .. 2.5 .. "" .. -3
print(mixed, #mixed)
local str_with_nul = "a\0b" .. "\0c"
print(#str_with_nul, str_with_nul:byte(1, -1))
print(("x"):rep(3, nil) .. ("y"):rep(2))
