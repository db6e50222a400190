
print('assert(false)', pcall(function() return assert(false) end))
print("assert(nil, 'custom message')", pcall(function() return assert(nil, 'custom message') end))
print('assert(false, 42)', pcall(function() return assert(false, 42) end))
print("error('boom')", pcall(function() return error('boom') end))
print("error('boom', 0)", pcall(function() return error('boom', 0) end))
print("error('boom', 2)", pcall(function() return error('boom', 2) end))
