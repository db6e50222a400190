
print("string.find('[test]', '[', 1, true)", pcall(function() return string.find('[test]', '[', 1, true) end))
print("string.find('key = value', '(%w+)%s*=%s*(%w+)')", pcall(function() return string.find('key = value', '(%w+)%s*=%s*(%w+)') end))
print("string.find('THE (quick) fox', '%((%a+)%)')", pcall(function() return string.find('THE (quick) fox', '%((%a+)%)') end))
print("string.find('abc', '()b()')", pcall(function() return string.find('abc', '()b()') end))
print("string.find('', '^$')", pcall(function() return string.find('', '^$') end))
print("string.find('abc', '^b')", pcall(function() return string.find('abc', '^b') end))
