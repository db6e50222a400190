
print("(function() local t = {3, 1, 2} table.sort(t, function(a, b) return a > b end) return table.concat(t, ',') end)()", pcall(function() return (function() local t = {3, 1, 2} table.sort(t, function(a, b) return a > b end) return table.concat(t, ',') end)() end))
print("(function() local t = {'b', 'A', 'a', 'B'} table.sort(t) return table.concat(t, ',') end)()", pcall(function() return (function() local t = {'b', 'A', 'a', 'B'} table.sort(t) return table.concat(t, ',') end)() end))
print('(function() local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end table.sort(t) return t[1], t[50], t[100] end)()', pcall(function() return (function() local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end table.sort(t) return t[1], t[50], t[100] end)() end))
print("(function() local t = {5, 5, 5, 1} table.sort(t) return table.concat(t, ',') end)()", pcall(function() return (function() local t = {5, 5, 5, 1} table.sort(t) return table.concat(t, ',') end)() end))
print('(function() local t = {1} table.sort(t) return t[1] end)()', pcall(function() return (function() local t = {1} table.sort(t) return t[1] end)() end))
print('(function() local t = {} table.sort(t) return #t end)()', pcall(function() return (function() local t = {} table.sort(t) return #t end)() end))
