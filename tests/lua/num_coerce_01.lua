
print('"10"+1', pcall(function() return "10"+1 end))
print('" 0x10 "*1', pcall(function() return " 0x10 "*1 end))
print('"1e1"*1', pcall(function() return "1e1"*1 end))
print('"  5  "-0', pcall(function() return "  5  "-0 end))
print('"abc"+1', pcall(function() return "abc"+1 end))
print('"0x"+0', pcall(function() return "0x"+0 end))
