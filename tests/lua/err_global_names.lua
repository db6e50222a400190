-- globals and fields in error messages
x_global = nil
print(pcall(function() return x_global.y end))
print(pcall(function() x_global() end))
print(pcall(function() return x_global + 1 end))
print(pcall(function() return #x_global end))
print(pcall(function() return x_global .. "" end))
string_global = "s"
print(pcall(function() return string_global.field.sub end))
print(pcall(function() string_global() end))
print(pcall(function() return string.nonexistent("x") end))
print(pcall(function() return math.nothing + 1 end))
print(pcall(function() return _G.absent.x end))
print(pcall(function() return _G["absent"]() end))
