
print('rawget(1, 1)', pcall(function() return rawget(1, 1) end))
print("loadstring('return 1 + 1')()", pcall(function() return loadstring('return 1 + 1')() end))
print("select(2, loadstring('syntax error here'))", pcall(function() return select(2, loadstring('syntax error here')) end))
print("select(2, loadstring('x = '))", pcall(function() return select(2, loadstring('x = ')) end))
print("loadstring('return ...', 'chunk')(4, 5)", pcall(function() return loadstring('return ...', 'chunk')(4, 5) end))
print("select('#', loadstring('return')())", pcall(function() return select('#', loadstring('return')()) end))
