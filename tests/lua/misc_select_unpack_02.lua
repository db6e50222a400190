
print("select('x', 1)", pcall(function() return select('x', 1) end))
print("unpack({'a', 'b'}, -1, 1)", pcall(function() return unpack({'a', 'b'}, -1, 1) end))
print('unpack({1, 2, 3}, 3, 1)', pcall(function() return unpack({1, 2, 3}, 3, 1) end))
print('unpack({n = 3})', pcall(function() return unpack({n = 3}) end))
print("select('#', unpack({1, 2, 3}, 1, 5))", pcall(function() return select('#', unpack({1, 2, 3}, 1, 5)) end))
print('unpack(nil)', pcall(function() return unpack(nil) end))
