-- semicolons as optional statement separators
local a = 1; local b = 2;
print(a, b);
local c = 3 local d = 4 print(c + d)
print(loadstring("do ; end"))
do local x = 1; print(x); end
local t = {1; 2; 3;}
print(#t, t[3])
local u = {1, 2; 3, n = 4;}
print(#u, u.n)
for i = 1, 2 do print(i); end;
local function f() return 1; end
print(f())
print(loadstring(";"))
print(loadstring(";;;"))
print(loadstring("return 1;")())
print(loadstring("return 1;;"))
print(loadstring("local x = 1;; return x"))
print(loadstring("return;") ~= nil)
print(loadstring("x = 1 ; ; y = 2") ~= nil)
while true do break; end
repeat local z = 1; until z == 1;
print("done");
