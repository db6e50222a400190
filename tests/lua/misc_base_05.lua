
print('select(2, pcall(error, {code = 1})).code', pcall(function() return select(2, pcall(error, {code = 1})).code end))
print('error(nil)', pcall(function() return error(nil) end))
print('error(42)', pcall(function() return error(42) end))
print('pcall(error)', pcall(function() return pcall(error) end))
print("select('#', pcall(pcall))", pcall(function() return select('#', pcall(pcall)) end))
print("xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)", pcall(function() return xpcall(function() error('x') end, function(m) return 'handled: ' .. m end) end))
