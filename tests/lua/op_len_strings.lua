-- # on strings counts bytes
print(#"", #"a", #"hello", #"a\0b", #"\0\0\0")
print(#"\255\254", #"tab\t", #"line\n")
print(#("x"):rep(1000), #string.rep("ab", 50))
local s = "some text"
print(#s, #s * 2, -#s, #s + #s)
print(#(s .. s), #s .. #s)
print(#"é", #"日本")
local t = {"a", "bb", "ccc"}
for i = 1, #t do io.write(#t[i], " ") end
print()
print(pcall(function() local n = 5 return #n end))
print(pcall(function() return #nil end))
print(pcall(function() local b = true return #b end))
print(#tostring(12345), #tostring(1.5))
