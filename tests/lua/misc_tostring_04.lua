
print("tostring(tonumber('1e2'))", pcall(function() return tostring(tonumber('1e2')) end))
print("tostring(tonumber('  -7.25  '))", pcall(function() return tostring(tonumber('  -7.25  ')) end))
print('tostring()', pcall(function() return tostring() end))
print('tostring(tostring)== tostring(tostring)', pcall(function() return tostring(tostring)== tostring(tostring) end))
print('#tostring(12.5)', pcall(function() return #tostring(12.5) end))
print('tostring(1e15 + 1)', pcall(function() return tostring(1e15 + 1) end))
