
print("table.concat({1, 2, 3}, ', ', 2, 3)", pcall(function() return table.concat({1, 2, 3}, ', ', 2, 3) end))
print("table.concat({'a'}, 'x', 1, 1)", pcall(function() return table.concat({'a'}, 'x', 1, 1) end))
print("table.concat({}, 'x', 1, 0)", pcall(function() return table.concat({}, 'x', 1, 0) end))
print("(function() local t = {1, 2, 3} table.insert(t, 2, 'x') return table.concat(t, ',') end)()", pcall(function() return (function() local t = {1, 2, 3} table.insert(t, 2, 'x') return table.concat(t, ',') end)() end))
print("(function() local t = {1, 2, 3} return table.remove(t, 2), table.concat(t, ',') end)()", pcall(function() return (function() local t = {1, 2, 3} return table.remove(t, 2), table.concat(t, ',') end)() end))
print("(function() local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') return table.concat(t) end)()", pcall(function() return (function() local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') return table.concat(t) end)() end))
