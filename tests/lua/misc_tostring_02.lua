
print('tostring(0.1 + 0.2 == 0.3)', pcall(function() return tostring(0.1 + 0.2 == 0.3) end))
print('tostring(12345678901234)', pcall(function() return tostring(12345678901234) end))
print('tostring(3.0)', pcall(function() return tostring(3.0) end))
print('tostring(-0.0)', pcall(function() return tostring(-0.0) end))
print('tostring(1/3 * 3)', pcall(function() return tostring(1/3 * 3) end))
print('tostring(100 * 1.1)', pcall(function() return tostring(100 * 1.1) end))
