
print("string.gsub('hello world', 'o', '0')", pcall(function() return string.gsub('hello world', 'o', '0') end))
print("string.gsub('abc', '%w', '%0%0')", pcall(function() return string.gsub('abc', '%w', '%0%0') end))
print("string.gsub('hello', '', '-')", pcall(function() return string.gsub('hello', '', '-') end))
print("string.gsub('abc', 'b*', 'X')", pcall(function() return string.gsub('abc', 'b*', 'X') end))
print("string.gsub('hello world', '(%w+)', '<%1>')", pcall(function() return string.gsub('hello world', '(%w+)', '<%1>') end))
print("string.gsub('abc', '.', {a=1, b=true})", pcall(function() return string.gsub('abc', '.', {a=1, b=true}) end))
