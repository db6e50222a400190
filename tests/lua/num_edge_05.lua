
print('0^0', pcall(function() return 0^0 end))
print('(-2)^2', pcall(function() return (-2)^2 end))
print('(-2)^0.5 ~= (-2)^0.5', pcall(function() return (-2)^0.5 ~= (-2)^0.5 end))
