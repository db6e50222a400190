-- error() level argument controls the position prefix
local function lvl0() error("level zero", 0) end
local function lvl1() error("level one", 1) end
local function lvl1default() error("default level") end
local function lvl2() error("level two", 2) end
local function callsLvl2()
  lvl2()
end
local function lvl3inner() error("level three", 3) end
local function lvl3mid() lvl3inner() end
local function lvl3outer()
  lvl3mid()
end
print(pcall(lvl0))
print(pcall(lvl1))
print(pcall(lvl1default))
print(pcall(callsLvl2))
print(pcall(lvl3outer))
print(pcall(error, "direct", 1))
print(pcall(error, "direct2", 2))
print(pcall(error, "lvl50", 50))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, "", 1))
local function check(v)
  if type(v) ~= "number" then error("expected number, got " .. type(v), 2) end
  return v
end
local ok, msg = pcall(function()
  return check("str")
end)
print(ok, msg)
