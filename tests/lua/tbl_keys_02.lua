
print("(function() local t = {} t[1.5] = 'f' return t[1.5], t[1] end)()", pcall(function() return (function() local t = {} t[1.5] = 'f' return t[1.5], t[1] end)() end))
print("(function() local t = {[1] = 'a', [2] = 'b'} return #t end)()", pcall(function() return (function() local t = {[1] = 'a', [2] = 'b'} return #t end)() end))
print('(function() local t = {} t[nil] = 1 end)()', pcall(function() return (function() local t = {} t[nil] = 1 end)() end))
print('(function() local t = {} t[0/0] = 1 end)()', pcall(function() return (function() local t = {} t[0/0] = 1 end)() end))
print('({})[nil]', pcall(function() return ({})[nil] end))
print("(function() local t = {} t[print] = 'fn' return t[print] end)()", pcall(function() return (function() local t = {} t[print] = 'fn' return t[print] end)() end))
