
print("string.gsub('$x and $y', '%$(%w+)', {x='1', y=2})", pcall(function() return string.gsub('$x and $y', '%$(%w+)', {x='1', y=2}) end))
print("string.gsub('abc', '.', function() return {} end)", pcall(function() return string.gsub('abc', '.', function() return {} end) end))
print("string.gsub('abc', 'b', 5)", pcall(function() return string.gsub('abc', 'b', 5) end))
print("string.gsub('abc', 'b', true)", pcall(function() return string.gsub('abc', 'b', true) end))
print("string.gsub(string.rep('ab', 5), 'ab', 'x', 3)", pcall(function() return string.gsub(string.rep('ab', 5), 'ab', 'x', 3) end))
print("string.gsub('one two three', '(%w+) (%w+)', '%2 %1')", pcall(function() return string.gsub('one two three', '(%w+) (%w+)', '%2 %1') end))
