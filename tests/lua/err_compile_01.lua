
print("loadstring('x = = 1')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = = 1')) end))
print("loadstring('local 1 = 2')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('local 1 = 2')) end))
print("loadstring('f(')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('f(')) end))
print("loadstring('if x then')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('if x then')) end))
print("loadstring('for i = 1 do end')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('for i = 1 do end')) end))
print("loadstring('x = }')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = }')) end))
