
print('string.byte(string.char(0, 127, 128, 255), 1, -1)', pcall(function() return string.byte(string.char(0, 127, 128, 255), 1, -1) end))
print('#string.char(0, 0, 0)', pcall(function() return #string.char(0, 0, 0) end))
print('string.char(65):byte()', pcall(function() return string.char(65):byte() end))
print("('56\x067'):byte(1, -1)", pcall(function() return ('567'):byte(1, -1) end))
print("'A' == 'x41'", pcall(function() return 'A' == 'x41' end))
print("'a\\z' == 'az'", pcall(function() return 'a\z' == 'az' end))
