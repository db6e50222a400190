
print('table.maxn({1, 2, [10] = 3})', pcall(function() return table.maxn({1, 2, [10] = 3}) end))
print('table.maxn({})', pcall(function() return table.maxn({}) end))
print('table.maxn({[1.5] = 1})', pcall(function() return table.maxn({[1.5] = 1}) end))
print('table.getn({1, 2, 3})', pcall(function() return table.getn({1, 2, 3}) end))
print("select('#', table.remove({}))", pcall(function() return select('#', table.remove({})) end))
print('table.remove({1, 2, 3})', pcall(function() return table.remove({1, 2, 3}) end))
