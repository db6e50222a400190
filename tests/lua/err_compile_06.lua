
print("loadstring('local a <const> = 1')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('local a <const> = 1')) end))
print("loadstring('x = 1 // 2')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('x = 1 // 2')) end))
print("loadstring('f{} {}')", pcall(function() return (function(f, m) return type(f), m end)(loadstring('f{} {}')) end))
print("loadstring(string.rep('(', 300) .. '1' .. string.rep(')', 300))", pcall(function() return (function(f, m) return type(f), m end)(loadstring(string.rep('(', 300) .. '1' .. string.rep(')', 300))) end))
