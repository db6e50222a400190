-- debug.sethook count hooks stopping runaway code, and gethook/sethook bookkeeping. The
-- hooks raise only while `armed` (set inside the protected function), so where exactly the
-- count runs out elsewhere does not matter.
local armed = false
local n = 0
debug.sethook(function(ev, l)
  if not armed then return end
  n = n + 1
  if n >= 3 then armed = false; error("stop: " .. ev .. " " .. tostring(l)) end
end, "", 100)
print(pcall(function() armed = true; while true do end end))
print(debug.gethook() ~= nil, select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook()
print(debug.gethook())

-- endless tail-call recursion
local k = 0
debug.sethook(function()
  if not armed then return end
  k = k + 1
  if k > 5 then armed = false; error("deep") end
end, "", 1000)
local function f(x) armed = true; return f(x + 1) end
print(pcall(f, 1))
debug.sethook()

-- endless numeric and generic for loops
debug.sethook(function() if armed then armed = false; error("for stopped") end end, "", 50)
print(pcall(function() armed = true; for i = 1, math.huge do end end))
print(pcall(function() armed = true; for _ in function() return 1 end do end end))
debug.sethook()

-- an error object (not a string) passes through unchanged
debug.sethook(function() if armed then armed = false; error({code = 42}) end end, "", 10)
local ok, e = pcall(function() armed = true; repeat until false end)
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
