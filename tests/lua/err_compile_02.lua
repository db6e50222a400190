
print("loadstring('return return')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('return return')) end))
print("loadstring('break')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('break')) end))
print("loadstring('local function end')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('local function end')) end))
print("loadstring('a.b:c = 1')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('a.b:c = 1')) end))
print("loadstring('x = 1 +')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = 1 +')) end))
print('loadstring(\'"unfinished\')', pcall(function() return (function(f, m) return type(f), m end)(loadstring('"unfinished')) end))
