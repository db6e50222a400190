-- setfenv/getfenv basics
print(getfenv(0) == _G, getfenv(1) == _G, getfenv() == _G)
local function reads_global() return some_name end
local env = {some_name = "from custom env"}
print(reads_global())
print(setfenv(reads_global, env) == reads_global)
print(reads_global(), getfenv(reads_global) == env)
some_name = "from _G"
print(reads_global(), some_name)
local function writes_global() new_global = "written" end
local env2 = {}
setfenv(writes_global, env2)
writes_global()
print(env2.new_global, new_global)
local chunk = loadstring("return a + b")
setfenv(chunk, {a = 1, b = 2})
print(chunk())
local sandbox = setmetatable({}, {__index = _G})
local sandboxed = loadstring("leak = 'inside' return print ~= nil, leak")
setfenv(sandboxed, sandbox)
print(sandboxed())
print(leak, sandbox.leak)
local function change_own_env()
  setfenv(1, {print = print, tostring = tostring})
  print("inside, _G is", tostring(_G))
  x_in_env = 1
end
change_own_env()
print(x_in_env)
print(pcall(setfenv, 1000, {}))
print(pcall(setfenv, print, {}))
print(type(getfenv(print)))
