
print("string.format('%g', 1000000)", pcall(function() return string.format('%g', 1000000) end))
print("string.format('%.14g', 0.1)", pcall(function() return string.format('%.14g', 0.1) end))
print("string.format('%.20g', 0.1)", pcall(function() return string.format('%.20g', 0.1) end))
print("string.format('%10.4f|', math.pi)", pcall(function() return string.format('%10.4f|', math.pi) end))
print("string.format('%-12.5e|', -1/3)", pcall(function() return string.format('%-12.5e|', -1/3) end))
print("string.format('%+g', 5)", pcall(function() return string.format('%+g', 5) end))
