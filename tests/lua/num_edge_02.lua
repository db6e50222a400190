
print('2^1023 * 2', pcall(function() return 2^1023 * 2 end))
print('-(2^1023) * 2', pcall(function() return -(2^1023) * 2 end))
print('math.fmod(5.5, 2)', pcall(function() return math.fmod(5.5, 2) end))
print('math.fmod(-5.5, 2)', pcall(function() return math.fmod(-5.5, 2) end))
print('math.floor(2^52 + 0.5)', pcall(function() return math.floor(2^52 + 0.5) end))
print('(2^53 + 1) - 2^53', pcall(function() return (2^53 + 1) - 2^53 end))
