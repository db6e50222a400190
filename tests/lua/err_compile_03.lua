
print("loadstring('[[unfinished')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('[[unfinished')) end))
print("loadstring('--[[unfinished')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('--[[unfinished')) end))
print("loadstring('x = 3x')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = 3x')) end))
print('loadstring(\'x = "\\\\300"\')', pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = "\\300"')) end))
print("loadstring('f()\\n(g)()')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('f()\n(g)()')) end))
print("loadstring('x = ...')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = ...')) end))
