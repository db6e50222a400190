
print('(function() local t = {10, 20} t[#t + 1] = 30 return #t, t[3] end)()', pcall(function() return (function() local t = {10, 20} t[#t + 1] = 30 return #t, t[3] end)() end))
print('(function() local t = {} for i = 1, 5 do t[i * 2] = i end return t[4], t[5] end)()', pcall(function() return (function() local t = {} for i = 1, 5 do t[i * 2] = i end return t[4], t[5] end)() end))
print('(function() local t = {} t.x, t.y = 1, 2 return t.x + t.y end)()', pcall(function() return (function() local t = {} t.x, t.y = 1, 2 return t.x + t.y end)() end))
print("(function() local t = {a = {b = {c = 'deep'}}} return t.a.b.c end)()", pcall(function() return (function() local t = {a = {b = {c = 'deep'}}} return t.a.b.c end)() end))
print("(function() local t = setmetatable({}, {__mode = 'v'}) t[1] = 'str' return t[1] end)()", pcall(function() return (function() local t = setmetatable({}, {__mode = 'v'}) t[1] = 'str' return t[1] end)() end))
print("(function() local t = {} rawset(t, 'k', 'v') return rawget(t, 'k') end)()", pcall(function() return (function() local t = {} rawset(t, 'k', 'v') return rawget(t, 'k') end)() end))
