
print("string.match('tab\tsep', '([^\t]+)\t(.+)')", pcall(function() return string.match('tab	sep', '([^	]+)	(.+)') end))
print("string.match('0x1F', '^0[xX](%x+)$')", pcall(function() return string.match('0x1F', '^0[xX](%x+)$') end))
print("string.match('  ', '^%s+$')", pcall(function() return string.match('  ', '^%s+$') end))
print("string.match('', '.*')", pcall(function() return string.match('', '.*') end))
print("string.match('abc', '.-b')", pcall(function() return string.match('abc', '.-b') end))
print("string.match('abcabc', '(abc)%1')", pcall(function() return string.match('abcabc', '(abc)%1') end))
