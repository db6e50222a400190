
print("select('#')", pcall(function() return select('#') end))
print('select(0, 1)', pcall(function() return select(0, 1) end))
print('select(-5, 1)', pcall(function() return select(-5, 1) end))
print('next({})', pcall(function() return next({}) end))
print('next({10})', pcall(function() return next({10}) end))
print('rawget({5}, 1)', pcall(function() return rawget({5}, 1) end))
