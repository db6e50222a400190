-- Error levels and stack levels over tail calls (issue 15 item 3): each tail call into a frame
-- is a `(tail call)` level with no position and no name (lua5.1 ci->tailcalls).
local function l() error("m", 2) end local function tc() return l() end local function c() local x = tc() return x end print(pcall(c))
local function l1() error('m', 3) end
local function l2() return l1() end
local function l3() local y = l2() return y end
print(pcall(l3))
local function g0() print(debug.traceback("tb")) for lv = 1, 5 do local i = debug.getinfo(lv, "nSl") if i then print(lv, i.what, i.short_src, i.currentline, i.name, i.namewhat, i.source, i.linedefined) end end return 1 end
local function g1() return g0() end
local function g2() return g1() end
local function g3() local r = g2() return r end
g3()
local function loop(n) if n == 0 then error("deep") end return loop(n - 1) end
print(pcall(loop, 30))
print(xpcall(function() return loop(20) end, debug.traceback))
local function f() error('tail', 2) end local function g() return f() end g()
