-- debug.sethook count hooks stopping runaway code, and gethook/sethook bookkeeping.
local n = 0
debug.sethook(function(ev, l)
  n = n + 1
  if n >= 3 then error("stop: " .. ev .. " " .. tostring(l)) end
end, "", 100)
print(pcall(function() while true do end end))
print(debug.gethook() ~= nil, select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook()
print(debug.gethook())

-- endless tail-call recursion
local k = 0
debug.sethook(function() k = k + 1; if k > 5 then error("deep") end end, "", 1000)
local function f(x) return f(x + 1) end
print(pcall(f, 1))
debug.sethook()

-- endless numeric and generic for loops
debug.sethook(function() error("for stopped") end, "", 50)
print(pcall(function() for i = 1, math.huge do end end))
print(pcall(function() for _ in function() return 1 end do end end))
debug.sethook()

-- an error object (not a string) passes through unchanged
debug.sethook(function() error({code = 42}) end, "", 10)
local ok, e = pcall(function() repeat until false end)
debug.sethook()
print(ok, type(e), e.code)

-- the interrupted calls still run after the hook returns
local calls, hooks = 0, 0
local function g() calls = calls + 1 end
debug.sethook(function() hooks = hooks + 1 end, "", 1)
for i = 1, 10 do g() end
debug.sethook()
print(calls, hooks > 0)

-- vararg calls interrupted by the hook keep their arguments
local got = {}
local function h(...) got[#got + 1] = select("#", ...) end
local function args() return 1, 2, 3 end
debug.sethook(function() end, "", 1)
for i = 1, 5 do h(args()) end
debug.sethook()
print(table.concat(got, ","))

-- gethook: function, mask letters in c r l order, count
local nop = function() end
debug.sethook(nop, "")
print(debug.gethook() == nop, select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook(nop, "lcr", 7)
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook(nop, "xrl")
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook(nop, "", 5)
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook(nil)
print(debug.gethook())
print(pcall(debug.sethook, 1, "l"))
print(pcall(debug.sethook, print))
print(pcall(debug.sethook, coroutine.create(nop), nop, "l"))
debug.sethook()
print(debug.gethook())
