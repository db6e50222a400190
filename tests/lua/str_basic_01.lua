
print("('abc'):sub(2)", pcall(function() return ('abc'):sub(2) end))
print("('abc'):sub(-2)", pcall(function() return ('abc'):sub(-2) end))
print("('abc'):sub(2, 10)", pcall(function() return ('abc'):sub(2, 10) end))
print("('abc'):sub(0)", pcall(function() return ('abc'):sub(0) end))
print("('abc'):sub(3, 2)", pcall(function() return ('abc'):sub(3, 2) end))
print("('abc'):sub(-10, -2)", pcall(function() return ('abc'):sub(-10, -2) end))
