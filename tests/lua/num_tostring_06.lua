
print('math.huge', pcall(function() return math.huge end))
print('-math.huge', pcall(function() return -math.huge end))
print('10/2', pcall(function() return 10/2 end))
print('7/2', pcall(function() return 7/2 end))
