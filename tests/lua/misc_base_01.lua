
print('type(nil)', pcall(function() return type(nil) end))
print('type(1)', pcall(function() return type(1) end))
print("type('')", pcall(function() return type('') end))
print('type({})', pcall(function() return type({}) end))
print('type(print)', pcall(function() return type(print) end))
print('type(type)', pcall(function() return type(type) end))
