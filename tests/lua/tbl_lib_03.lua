
print('table.remove({1, 2, 3}, 1)', pcall(function() return table.remove({1, 2, 3}, 1) end))
print('table.insert({}, 1, 2, 3)', pcall(function() return table.insert({}, 1, 2, 3) end))
print('table.insert(nil, 1)', pcall(function() return table.insert(nil, 1) end))
print('table.setn({}, 1)', pcall(function() return table.setn({}, 1) end))
print('unpack({1, 2, 3})', pcall(function() return unpack({1, 2, 3}) end))
print('unpack({1, 2, 3}, 2)', pcall(function() return unpack({1, 2, 3}, 2) end))
