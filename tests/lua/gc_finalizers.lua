-- newproxy __gc finalizers: lua5.1's order (newest first), __gc looked up at collection
-- time, resurrection, weak tables (finalized values cleared at once, keys a cycle later),
-- errors raised to the collectgarbage call, no finalizer started inside another.
collectgarbage("stop")
local order = {}
local proto = newproxy(true)
getmetatable(proto).__gc = function(o) order[#order + 1] = getmetatable(o).names[o] end
getmetatable(proto).names = setmetatable({}, {__mode = "k"})
for i = 1, 5 do
  local p = newproxy(proto)
  getmetatable(proto).names[p] = "p" .. i
end
collectgarbage()
print(table.concat(order, " "))

-- __gc set after creation still counts (5.1 looks it up when the object dies)
local late = newproxy(true)
local ran = false
getmetatable(late).__gc = function() ran = true end
late = nil
collectgarbage()
print("late", ran)

-- no __gc: nothing runs; a __gc that is not a function raises when called
local plain = newproxy(true)
plain = nil
print(pcall(collectgarbage))
local bad = newproxy(true)
getmetatable(bad).__gc = 42
bad = nil
print(pcall(collectgarbage))

-- resurrection: the finalizer stores its object; it runs once only
local saved
local count = 0
local r = newproxy(true)
getmetatable(r).__gc = function(o) count = count + 1; saved = o end
r = nil
collectgarbage()
print("resurrected", count, type(saved))
saved = nil
collectgarbage()
collectgarbage()
print("once", count)

-- weak tables: a finalized userdata leaves weak values at once, weak keys a cycle later
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local w = newproxy(true)
getmetatable(w).__gc = function(o) print("fin w", wk[o], wv[1] == nil) end
wk[w] = "key"
wv[1] = w
w = nil
collectgarbage()
print("after 1", next(wk) ~= nil, wv[1])
collectgarbage()
print("after 2", next(wk))

-- errors: raised from the collectgarbage call that ran the finalizer
local e = newproxy(true)
getmetatable(e).__gc = function() error("in gc") end
e = nil
print(pcall(collectgarbage))
print(pcall(collectgarbage))

-- a finalizer that calls natives (print) does not start the others meanwhile
local seq = {}
local base = newproxy(true)
getmetatable(base).__gc = function(o)
  seq[#seq + 1] = "start"
  tostring(o)
  seq[#seq + 1] = "end"
end
local x1, x2 = newproxy(base), newproxy(base)
x1, x2, base = nil
collectgarbage()
print(table.concat(seq, ","))

-- newproxy argument checks
print(pcall(newproxy, {}))
print(pcall(newproxy, newproxy(false)))
print(getmetatable(newproxy()), type(getmetatable(newproxy(true))))
