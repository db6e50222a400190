
print('math.floor(-0.5)', pcall(function() return math.floor(-0.5) end))
print('math.ceil(-0.5)', pcall(function() return math.ceil(-0.5) end))
print('-0 == 0', pcall(function() return -0 == 0 end))
print('1/(-0)', pcall(function() return 1/(-0) end))
print('1/0 - 1/0 ~= 1/0 - 1/0', pcall(function() return 1/0 - 1/0 ~= 1/0 - 1/0 end))
print('math.huge - math.huge ~= 0', pcall(function() return math.huge - math.huge ~= 0 end))
