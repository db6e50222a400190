
print('type()', pcall(function() return type() end))
print('tostring(nil)', pcall(function() return tostring(nil) end))
print('tostring(true)', pcall(function() return tostring(true) end))
print('tostring(false)', pcall(function() return tostring(false) end))
print('tostring(-0)', pcall(function() return tostring(-0) end))
print('tostring(1e300 * 1e300)', pcall(function() return tostring(1e300 * 1e300) end))
