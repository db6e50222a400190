
print("select(1, 'a', 'b')", pcall(function() return select(1, 'a', 'b') end))
print("select(2, 'a', 'b')", pcall(function() return select(2, 'a', 'b') end))
print("select(3, 'a', 'b')", pcall(function() return select(3, 'a', 'b') end))
print("select('#', 1, nil, nil)", pcall(function() return select('#', 1, nil, nil) end))
print('select(-2, 1, 2, 3)', pcall(function() return select(-2, 1, 2, 3) end))
print("select('2', 'a', 'b')", pcall(function() return select('2', 'a', 'b') end))
