-- equality never coerces; different types are never equal
print(1 == "1", "1" == 1, 0 == false, nil == false, "" == false)
print(1 ~= "1", nil ~= false, true == true, false == false)
local t1, t2 = {}, {}
print(t1 == t1, t1 == t2, t1 ~= t2)
local f1 = function() end
local f2 = f1
print(f1 == f2, f1 == function() end)
print(print == print, type == type, print == type)
print("abc" == "ab" .. "c", 10 == 5 + 5, 0.1 + 0.2 == 0.3)
local co = coroutine.create(function() end)
print(co == co, co == coroutine.create(function() end))
print(nil == nil, not nil == true)
local mt = {__eq = function() return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, a ~= b, a == 1, a == "x")
print(rawequal(a, b), rawequal(a, a), rawequal(1, 1.0), rawequal("a", "a"))
print(rawequal(1, "1"), rawequal(nil, false))
local x = 5
print(x == 5 and "five" or "other")
