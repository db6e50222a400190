
print('string.sub()', pcall(function() return string.sub() end))
print("string.char('x')", pcall(function() return string.char('x') end))
print('tostring(12):len()', pcall(function() return tostring(12):len() end))
