
print("math.floor('2.5')", pcall(function() return math.floor('2.5') end))
print('math.max()', pcall(function() return math.max() end))
print('math.floor()', pcall(function() return math.floor() end))
print("math.floor('x')", pcall(function() return math.floor('x') end))
print('math.sinh(0)', pcall(function() return math.sinh(0) end))
print('math.tanh(0)', pcall(function() return math.tanh(0) end))
