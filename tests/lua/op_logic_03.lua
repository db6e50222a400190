
print("1 == 1 and 'y' or 'n'", pcall(function() return 1 == 1 and 'y' or 'n' end))
print('(1 < 2) == true', pcall(function() return (1 < 2) == true end))
