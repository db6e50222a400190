-- max/min over several arguments, NaN placement, signed zeros, errors
print(math.max(3, 1, 2), math.min(3, 1, 2), math.max(1), math.min(1), math.max(-1, -2, -3), math.min("5", 3))
print(math.max(-0.0, 0), math.max(0, -0.0), math.min(0, -0.0), math.min(-0.0, 0))
print(math.max(1, 0/0, 3) == 3, math.min(1, 0/0, -3) == -3, math.max(1/0, 1), math.min(-1/0, 1))
local t = {} for i = 1, 200 do t[i] = (i * 37) % 101 end
print(math.max(unpack(t)), math.min(unpack(t)))
print(pcall(math.max))
print(pcall(math.min))
print(pcall(math.max, 1, nil))
print(pcall(math.min, 1, "x"))
print(pcall(math.max, {}, 1))
