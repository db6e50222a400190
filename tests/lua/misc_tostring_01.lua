
print('tostring(1)', pcall(function() return tostring(1) end))
print('tostring(-1.5)', pcall(function() return tostring(-1.5) end))
print('tostring(1e100)', pcall(function() return tostring(1e100) end))
print('tostring(2^63)', pcall(function() return tostring(2^63) end))
print("tostring('s')", pcall(function() return tostring('s') end))
print('tostring(nil)', pcall(function() return tostring(nil) end))
