
print('(function() local t = {2, 1} table.sort(t, function(a, b) return a < b end) return t[1] end)()', pcall(function() return (function() local t = {2, 1} table.sort(t, function(a, b) return a < b end) return t[1] end)() end))
print('pcall(table.sort, {1, 2, nil, 4})', pcall(function() return pcall(table.sort, {1, 2, nil, 4}) end))
print('pcall(table.sort, {{}, {}})', pcall(function() return pcall(table.sort, {{}, {}}) end))
print('(function() local t = {3, 2, 1} table.sort(t, function(a, b) return tostring(a) < tostring(b) end) return table.concat(t) end)()', pcall(function() return (function() local t = {3, 2, 1} table.sort(t, function(a, b) return tostring(a) < tostring(b) end) return table.concat(t) end)() end))
print("(function() local t = {0.5, -1, 1e10, -1e10} table.sort(t) return table.concat(t, ' ') end)()", pcall(function() return (function() local t = {0.5, -1, 1e10, -1e10} table.sort(t) return table.concat(t, ' ') end)() end))
print("(function() local t = {'10', '9', '100'} table.sort(t) return table.concat(t, ' ') end)()", pcall(function() return (function() local t = {'10', '9', '100'} table.sort(t) return table.concat(t, ' ') end)() end))
