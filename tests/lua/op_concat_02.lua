
print("'a' .. nil", pcall(function() return 'a' .. nil end))
print("'a' .. {}", pcall(function() return 'a' .. {} end))
print("{} .. 'a'", pcall(function() return {} .. 'a' end))
print("true .. ''", pcall(function() return true .. '' end))
print("#('abc' .. 'de')", pcall(function() return #('abc' .. 'de') end))
print("('x'):rep(3) .. 1", pcall(function() return ('x'):rep(3) .. 1 end))
