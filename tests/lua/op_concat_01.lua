
print('1 .. 2', pcall(function() return 1 .. 2 end))
print("'a' .. 'b' .. 'c'", pcall(function() return 'a' .. 'b' .. 'c' end))
print("1.5 .. ''", pcall(function() return 1.5 .. '' end))
print("-0 .. ''", pcall(function() return -0 .. '' end))
print("2^53 .. ''", pcall(function() return 2^53 .. '' end))
print("'x' .. 1e100", pcall(function() return 'x' .. 1e100 end))
