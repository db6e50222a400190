-- comment at end of file without newline
local x = 1
print("body runs", x)
print(loadstring("return 5 -- trailing comment")())
print(loadstring("return 6 --[[ trailing long comment ]]")())
print(loadstring("return 7\n--")())
print(loadstring("return 8 --[==[ open")) 
print(loadstring("return 9 -")) 
print("last line")
-- final comment without trailing newline