-- NaN: printing and comparisons
local nan = 0/0
print(0/0)
print(-(0/0))
print(nan ~= nan, nan == nan)
print(nan < nan, nan <= nan, nan > 1, nan < 1)
print(not (nan >= 0) and not (nan < 0))
local t = {nan}
print(t[1] ~= t[1])
print(pcall(function() local u = {} u[0/0] = 1 end))
print(rawequal(nan, nan))
local x = nan
print(x == x, x ~= x)
print(math.huge - math.huge ~= math.huge - math.huge)
print(math.max(1, 2) ~= math.max(1, 2))
print(type(nan))
