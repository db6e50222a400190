
print("(function() local t = {} for a in string.gmatch('^a^a', '^a') do t[#t+1] = a end return #t end)()", pcall(function() return (function() local t = {} for a in string.gmatch('^a^a', '^a') do t[#t+1] = a end return #t end)() end))
print("(function() local s = 0 for n in string.gmatch('10 20 30', '%d+') do s = s + n end return s end)()", pcall(function() return (function() local s = 0 for n in string.gmatch('10 20 30', '%d+') do s = s + n end return s end)() end))
