
print('#{1,2,nil}', pcall(function() return #{1,2,nil} end))
print('#{nil}', pcall(function() return #{nil} end))
print('#nil', pcall(function() return #nil end))
print('#5', pcall(function() return #5 end))
print('#{[1]=1,[2]=2,[3]=3}', pcall(function() return #{[1]=1,[2]=2,[3]=3} end))
