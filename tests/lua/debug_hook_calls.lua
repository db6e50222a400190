-- debug.sethook call, return and tail return events (lua5.1's luaD_callhook): Lua and
-- native callees, tail calls, pcall, metamethods; what the hook sees at level 2.
local ev = {}
local names = {}
local function name_of(f) return names[f] end
local function rec(e, l)
  local info = debug.getinfo(2, "nSf")
  local n = name_of(info.func) or info.name or "?"
  ev[#ev + 1] = e .. ":" .. n .. ":" .. info.what
end

local function leaf(x) return x + 1 end
local function mid(x) return leaf(x) end       -- tail call
local function top(x) local y = mid(x); return y end
names = {[print] = "print", [pcall] = "pcall", [select] = "select", [debug.sethook] = "sethook",
         [error] = "error", [leaf] = "leaf", [mid] = "mid", [top] = "top"}
debug.sethook(rec, "cr")
top(1)
debug.sethook()
print(table.concat(ev, " "))

-- natives: select, pcall and the function it calls, and an error caught by pcall
ev = {}
debug.sethook(rec, "cr")
local n = select("#", 1, 2, 3)
pcall(leaf, 1)
pcall(error, "x")
debug.sethook()
print(n, table.concat(ev, " "))

-- metamethods are calls too
ev = {}
local mt = {__index = function(t, k) return k .. "!" end,
            __add = function(a, b) return 42 end}
local obj = setmetatable({}, mt)
debug.sethook(rec, "cr")
local v = obj.foo
local w = obj + 1
debug.sethook()
print(v, w, table.concat(ev, " "))

-- deep tail calls: one tail return per tail call
ev = {}
local function count(k) if k == 0 then return "done" end return count(k - 1) end
debug.sethook(rec, "r")
local r = count(3)
debug.sethook()
print(r, table.concat(ev, " "))

-- only calls / only returns
local calls, rets = 0, 0
debug.sethook(function(e) if e == "call" then calls = calls + 1 end end, "c")
for i = 1, 5 do leaf(i) end
debug.sethook()
debug.sethook(function(e) if e == "return" then rets = rets + 1 end end, "r")
for i = 1, 5 do leaf(i) end
debug.sethook()
print(calls, rets)

-- the hook sees the callee's locals in a call event and the returning function's in a
-- return event
local seen = {}
local function args(a, b) local c = a + b; return c end
debug.sethook(function(e)
  local info = debug.getinfo(2, "f")
  if info.func == args then
    local name, val = debug.getlocal(2, 1)
    seen[#seen + 1] = e .. " " .. tostring(name) .. "=" .. tostring(val)
    local name3, val3 = debug.getlocal(2, 3)
    seen[#seen + 1] = tostring(name3) .. "=" .. tostring(val3)
  end
end, "cr")
args(3, 4)
debug.sethook()
print(table.concat(seen, " "))

-- an error in a call hook unwinds to the pcall around the call
debug.sethook(function(e)
  if debug.getinfo(2, "f").func == leaf then error("hook says no") end
end, "c")
print(pcall(function() return leaf(1) end))
debug.sethook()
print(debug.gethook())
