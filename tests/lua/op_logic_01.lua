
print('nil and 1', pcall(function() return nil and 1 end))
print("false and error('x')", pcall(function() return false and error('x') end))
print('1 and 2', pcall(function() return 1 and 2 end))
print("nil or 'd'", pcall(function() return nil or 'd' end))
print('false or nil', pcall(function() return false or nil end))
print("1 or error('x')", pcall(function() return 1 or error('x') end))
