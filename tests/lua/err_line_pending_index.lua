local t
print(pcall(function()
return tostring(
t.x
)
end))
print(pcall(function()
return tostring(t.x,
1)
end))
print(pcall(function()
return {
t.x
}
end))
print(pcall(function()
return {
t.x, 1
}
end))
print(pcall(function()
local a = t.x
+ 1
end))
print(pcall(function()
local a = 1 +
t.x
end))
print(pcall(function()
local a = t
.x
end))
print(pcall(function()
local a = t.x
end))
print(pcall(function()
local a, b = t.x
, 2
end))
print(pcall(function()
return t.x
end))
print(pcall(function()
return t
.x.y
end))
print(pcall(function()
return
t.x
end))
print(pcall(function()
local a = {
x = t.x
}
end))
print(pcall(function()
local a = {
x = t.x,
}
end))
print(pcall(function()
t.x.y = 1
end))
print(pcall(function()
t.x
.y = 1
end))
print(pcall(function()
local a = 
 t.x
end))
print(pcall(function()
print(t.x
)
end))
print(pcall(function()
f(
)
end))
print(pcall(function()
local a = tostring(t.x)
.. "x"
end))
print(pcall(function()
local a = #t
end))
print(pcall(function()
local a = -
t
end))
print(pcall(function()
if t.x
then end
end))
print(pcall(function()
while t.x
do end
end))
local t
local function f(...) return ... end
print(pcall(function()
return (t.x
)
end))
print(pcall(function()
return (t
.x)
end))
print(pcall(function()
return t.x
.. "a"
end))
print(pcall(function()
return t.x
< 1
end))
print(pcall(function()
return 1 <
t.x
end))
print(pcall(function()
return t.x
and 1
end))
print(pcall(function()
return f{t.x
}
end))
print(pcall(function()
return f(f(t.x
))
end))
print(pcall(function()
return f(1, f(2,
t.x)
)
end))
print(pcall(function()
return {t.x;
2}
end))
print(pcall(function()
return {t.x
;}
end))
print(pcall(function()
return {[1] = t.x
}
end))
print(pcall(function()
return t[
1]
end))
print(pcall(function()
return t[1
]
, 2
end))
print(pcall(function()
local s = "x"
return s:rep(t.x
)
end))
print(pcall(function()
return -t.x
end))
print(pcall(function()
return #t
.x
end))
print(pcall(function()
return not t.x
end))
print(pcall(function()
for i = t.x
, 2 do end
end))
print(pcall(function()
for k in t.x
, 2 do end
end))
print(pcall(function()
local a
a = t.x
, 1
end))
print(pcall(function()
t[t.x
] = 1
end))
print(pcall(function()
t.y = t.x
end))
print(pcall(function()
return t.x
== 1
end))
