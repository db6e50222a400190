
print("table.concat({1, 2, 3}, ', ')", pcall(function() return table.concat({1, 2, 3}, ', ') end))
print('table.concat({})', pcall(function() return table.concat({}) end))
print("table.concat({'a', 'b'}, '-', 2)", pcall(function() return table.concat({'a', 'b'}, '-', 2) end))
print("table.concat({'a', 'b', 'c'}, '', 2, 3)", pcall(function() return table.concat({'a', 'b', 'c'}, '', 2, 3) end))
print('table.concat({1, {}, 3})', pcall(function() return table.concat({1, {}, 3}) end))
print('table.concat({1, 2}, 3)', pcall(function() return table.concat({1, 2}, 3) end))
