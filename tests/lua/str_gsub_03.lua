
print("string.gsub('abc', '(b)', '%2')", pcall(function() return string.gsub('abc', '(b)', '%2') end))
print("string.gsub('abc', 'b', '%')", pcall(function() return string.gsub('abc', 'b', '%') end))
print("string.gsub('a b', '%w', function(c) return nil end)", pcall(function() return string.gsub('a b', '%w', function(c) return nil end) end))
print("string.gsub('a b', '%w', function(c) return c:upper() .. '!' end)", pcall(function() return string.gsub('a b', '%w', function(c) return c:upper() .. '!' end) end))
print("string.gsub('abc', '()', '%1')", pcall(function() return string.gsub('abc', '()', '%1') end))
print("string.gsub('a,b,,c', ',', ';')", pcall(function() return string.gsub('a,b,,c', ',', ';') end))
