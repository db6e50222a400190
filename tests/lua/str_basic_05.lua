
print("#string.rep('ab', 1000)", pcall(function() return #string.rep('ab', 1000) end))
print("string.sub('abc', 2.7)", pcall(function() return string.sub('abc', 2.7) end))
print("string.byte('a', 1.9)", pcall(function() return string.byte('a', 1.9) end))
print('string.len(123)', pcall(function() return string.len(123) end))
print('string.upper(12)', pcall(function() return string.upper(12) end))
print('string.rep()', pcall(function() return string.rep() end))
