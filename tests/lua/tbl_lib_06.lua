
print("rawequal('a', 'a')", pcall(function() return rawequal('a', 'a') end))
print('rawequal({}, {})', pcall(function() return rawequal({}, {}) end))
print('rawlen == nil', pcall(function() return rawlen == nil end))
print('type(table.foreach)', pcall(function() return type(table.foreach) end))
