
print('1 + -2', pcall(function() return 1 + -2 end))
print('- - -2', pcall(function() return - - -2 end))
print("('x'):rep(2) .. 'y'", pcall(function() return ('x'):rep(2) .. 'y' end))
print('#{1, 2} * 2', pcall(function() return #{1, 2} * 2 end))
print('3 > 2 and 2 > 1', pcall(function() return 3 > 2 and 2 > 1 end))
print("'b' >= 'a' or error('no')", pcall(function() return 'b' >= 'a' or error('no') end))
