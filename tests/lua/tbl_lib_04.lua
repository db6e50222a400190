
print('unpack({1, 2, 3}, 2, 3)', pcall(function() return unpack({1, 2, 3}, 2, 3) end))
print('unpack({}, 1, 3)', pcall(function() return unpack({}, 1, 3) end))
print("select('#', unpack({}, 1, 0))", pcall(function() return select('#', unpack({}, 1, 0)) end))
print('unpack({1, nil, 3})', pcall(function() return unpack({1, nil, 3}) end))
print("select(2, 'a', 'b', 'c')", pcall(function() return select(2, 'a', 'b', 'c') end))
print("select(-1, 'a', 'b', 'c')", pcall(function() return select(-1, 'a', 'b', 'c') end))
