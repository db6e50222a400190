-- type of threads, wrap vs create, and coroutine table contents
local co = coroutine.create(function() end)
print(type(co), type(coroutine.wrap(function() end)))
local names = {}
for k in pairs(coroutine) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
print(coroutine.isyieldable == nil)
print(tostring(co):match("^thread: ") ~= nil)
local t = {}
t[co] = "thread key"
print(t[co])
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print(gen() + gen() + gen())
print(pcall(coroutine.wrap, nil))
print(pcall(coroutine.create))
local yielder = coroutine.create(function(...) return coroutine.yield(...) end)
print(coroutine.resume(yielder, "passed", "through"))
print(coroutine.resume(yielder, "finally"))
print(coroutine.status(yielder))
