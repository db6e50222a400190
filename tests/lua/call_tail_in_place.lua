-- TAILCALL rewrites a plain call's frame in place for a Lua callee (issue 11): the callee's
-- registers, varargs, missing parameters, stack growth, tail-call levels, metamethod frames.

-- a vararg callee: its fixed parameters move above the varargs
local function va(a, b, ...)
  return a, b, select('#', ...), ...
end
local function to_va(x) return va(x, x + 1, x + 2, nil, x + 3) end
print(to_va(10))
print(select('#', to_va(1)))

-- missing parameters are nil even over the caller's stale registers
local function three(a, b, c) return a, b, c end
local function dirty(x)
  local p, q, r, s = 'p', 'q', 'r', 's'
  return three(x)
end
print(dirty(1))

-- a callee with many more registers than the caller (the stack grows in place)
local function wide(n)
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = a1, a2, a3, a4, a5, a6, a7, a8, a9, a10
  local t = {b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, n}
  return #t, t[11]
end
local function narrow(n) return wide(n) end
print(narrow('x'))

-- alternating small and wide frames, deep (no frame growth, no overflow)
local small, big
function small(n, acc)
  if n == 0 then return acc end
  return big(n - 1, acc + 1)
end
function big(n, acc, ...)
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
  if n == 0 then return acc + a + h end
  return small(n - 1, acc + select('#', ...))
end
print(small(200001, 0))

-- a callee only the stack holds, collecting while it runs
local function make(k)
  return function(...)
    collectgarbage()
    collectgarbage()
    return k, select('#', ...)
  end
end
local function run(k) return make(k)(1, 2, 3) end
for i = 1, 3 do print(run(i)) end

-- tail calls counted as levels by error() and the traceback
local function lvl2() error('two levels up', 2) end
local function t1() return lvl2() end
local function t0() local ok, e = pcall(t1) return e end
print(t0())
local function show() return debug.traceback('tb', 1) end
local function via() return show() end
local tb = via()
print((tb:gsub('\n[^\n]*%[C%][^\n]*', '')))

-- an error raised in a tail-called function is positioned there
local function bad(x) return x.field.sub end
local function calls_bad() return bad({}) end
print(pcall(calls_bad))

-- a tail call inside a metamethod's frame (its return mode is kept)
local mt = {}
local function lookup(t, k) return k .. '!' , 'extra' end
mt.__index = function(t, k) return lookup(t, k) end
local obj = setmetatable({}, mt)
print(obj.abc, obj[1])
mt.__add = function(x, y) return lookup(x, 'sum') end
print(obj + 1)
mt.__lt = function(x, y) return three(false) end
print(obj < obj)
mt.__concat = function(x, y) return three('cat') end
print(obj .. 'z')
mt.__newindex = function(t, k, v) return rawset(t, k, v) end
obj.q = 5
print(rawget(obj, 'q'))

-- through __call handlers
local callable = setmetatable({}, {__call = function(self, a, b) return three(a, b, 'c') end})
local function tc(a) return callable(a, 'b') end
print(tc('a'))

-- a tail call from a coroutine body, results to the resumer
local co = coroutine.create(function(a) return va(a, 'y', 'z') end)
print(coroutine.resume(co, 'x'))
print(coroutine.status(co))
