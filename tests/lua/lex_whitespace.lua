-- whitespace, line breaks, and token separation
local	x	=	1	print(x)
local y
=
2
print(y)
print(loadstring("return\t1\f+\v2")())
print(loadstring("return 1\r\n+\r\n2")())
print(loadstring("\n\n\nerror('line four')") and select(2, pcall(loadstring("\n\n\nerror('line four')"))))
print(select(2, pcall(loadstring("\r\n\r\nerror('crlf line three')"))))
print(select(2, pcall(loadstring("\n\r\n\rerror('lfcr line three')"))))
print(select(2, pcall(loadstring("\r\rerror('cr line three')"))))
print(loadstring("return 1 @ 2"))
print(loadstring("x = $"))
print(loadstring("return a~b"))
print(loadstring("return 'a' .. 'b'")(), loadstring("return 1==1")())
print(loadstring("return not nil")(), loadstring("return#'abc'")())
print(loadstring("local andy, ore, nota = 1, 2, 3 return andy + ore + nota")())
print(loadstring("local _ = 5 return _")(), loadstring("local _9a = 1 return _9a")())
print(loadstring("return and"))
print(loadstring("local function = 1"))
