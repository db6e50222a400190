
print('"1e"+0', pcall(function() return "1e"+0 end))
print('"-0x10"+0', pcall(function() return "-0x10"+0 end))
print('10 .. ""', pcall(function() return 10 .. "" end))
print('1.5 .. "x"', pcall(function() return 1.5 .. "x" end))
print('"3" * "4"', pcall(function() return "3" * "4" end))
print('"2"^"3"', pcall(function() return "2"^"3" end))
