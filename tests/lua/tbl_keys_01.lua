
print("(function() local t = {} t[1] = 'a' t[1.0] = 'b' return t[1] end)()", pcall(function() return (function() local t = {} t[1] = 'a' t[1.0] = 'b' return t[1] end)() end))
print("(function() local t = {} t['1'] = 's' t[1] = 'n' return t['1'], t[1] end)()", pcall(function() return (function() local t = {} t['1'] = 's' t[1] = 'n' return t['1'], t[1] end)() end))
print("(function() local t = {} t[-0] = 'z' return t[0] end)()", pcall(function() return (function() local t = {} t[-0] = 'z' return t[0] end)() end))
print("(function() local t = {} t[2^53] = 'big' return t[2^53] end)()", pcall(function() return (function() local t = {} t[2^53] = 'big' return t[2^53] end)() end))
print('(function() local t = {} t[true] = 1 t[false] = 2 return t[true], t[false] end)()', pcall(function() return (function() local t = {} t[true] = 1 t[false] = 2 return t[true], t[false] end)() end))
print("(function() local t = {} local k = {} t[k] = 'tk' return t[k], t[{}] end)()", pcall(function() return (function() local t = {} local k = {} t[k] = 'tk' return t[k], t[{}] end)() end))
