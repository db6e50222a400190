
print('gcinfo() > 0', pcall(function() return gcinfo() > 0 end))
print("collectgarbage('count') > 0", pcall(function() return collectgarbage('count') > 0 end))
print("collectgarbage('bogus')", pcall(function() return collectgarbage('bogus') end))
print('collectgarbage()', pcall(function() return collectgarbage() end))
