
print("loadstring('function f() x = ... end')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('function f() x = ... end')) end))
print("loadstring('local t = {1, 2')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('local t = {1, 2')) end))
print("loadstring('while true do')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('while true do')) end))
print("loadstring('repeat until')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('repeat until')) end))
print("loadstring('x.y.z')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x.y.z')) end))
print("loadstring('(x) = 1')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('(x) = 1')) end))
