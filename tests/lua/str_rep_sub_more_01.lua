
print("('abc'):rep(2, nil)", pcall(function() return ('abc'):rep(2, nil) end))
print("string.rep('-', 10)", pcall(function() return string.rep('-', 10) end))
print("string.rep('ab', 3):sub(2, 4)", pcall(function() return string.rep('ab', 3):sub(2, 4) end))
print("('hello'):sub(2, -2):upper()", pcall(function() return ('hello'):sub(2, -2):upper() end))
print("('x'):rep(0) == ''", pcall(function() return ('x'):rep(0) == '' end))
print("#('abc'):rep(100)", pcall(function() return #('abc'):rep(100) end))
