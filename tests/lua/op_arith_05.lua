
print('100000000000000 * 10', pcall(function() return 100000000000000 * 10 end))
print('-(-3)', pcall(function() return -(-3) end))
print('- -3', pcall(function() return - -3 end))
print('2 ^ 63 == 2^63', pcall(function() return 2 ^ 63 == 2^63 end))
print('1 + nil', pcall(function() return 1 + nil end))
print('{} + 1', pcall(function() return {} + 1 end))
