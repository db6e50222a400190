
print('tostring(2^-10)', pcall(function() return tostring(2^-10) end))
print('tostring(1e-300 * 1e-300)', pcall(function() return tostring(1e-300 * 1e-300) end))
print('tostring(123e45)', pcall(function() return tostring(123e45) end))
print('tostring(0x7fffffff)', pcall(function() return tostring(0x7fffffff) end))
print('tostring(0xffffffff + 1)', pcall(function() return tostring(0xffffffff + 1) end))
print("tostring(tonumber('0x10') + tonumber('010'))", pcall(function() return tostring(tonumber('0x10') + tonumber('010')) end))
