
print("#'hello'", pcall(function() return #'hello' end))
print("#''", pcall(function() return #'' end))
print("#'\\0\\0'", pcall(function() return #'\0\0' end))
print('#{1,2,3}', pcall(function() return #{1,2,3} end))
print('#{}', pcall(function() return #{} end))
print('#{n=1}', pcall(function() return #{n=1} end))
