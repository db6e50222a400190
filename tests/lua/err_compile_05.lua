
print("loadstring('x = 0x')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = 0x')) end))
print("loadstring('x = [==[ a ]=]')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = [==[ a ]=]')) end))
print("loadstring('@')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('@')) end))
print("loadstring('x = #')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = #')) end))
print("loadstring('goto x')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('goto x')) end))
print("loadstring('return 1,')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('return 1,')) end))
