
print('math.asin(1)', pcall(function() return math.asin(1) end))
