
print("string.byte('ABC', -1)", pcall(function() return string.byte('ABC', -1) end))
print("string.byte('ABC', 1, 3)", pcall(function() return string.byte('ABC', 1, 3) end))
print("string.byte('', 1)", pcall(function() return string.byte('', 1) end))
print('string.char()', pcall(function() return string.char() end))
print('string.char(104, 105)', pcall(function() return string.char(104, 105) end))
print('string.char(256)', pcall(function() return string.char(256) end))
