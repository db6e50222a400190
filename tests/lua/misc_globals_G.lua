-- _G and global variable access
print(_G._G == _G, _G.print == print, type(_G))
my_global = 10
print(_G.my_global, _G["my_global"], rawget(_G, "my_global"))
_G.other_global = "set via _G"
print(other_global)
_G["with space"] = 1
print(_G["with space"])
local name = "dynamic_" .. 1
_G[name] = "dyn"
print(dynamic_1)
my_global = nil
print(my_global, rawget(_G, "my_global"))
local builtins = {"assert", "error", "ipairs", "pairs", "next", "pcall", "print", "rawequal", "rawget",
  "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
  "loadstring", "setfenv", "getfenv", "collectgarbage", "string", "table", "math", "coroutine"}
local missing = {}
for _, b in ipairs(builtins) do if _G[b] == nil then missing[#missing + 1] = b end end
print("missing builtins:", #missing)
local seen = setmetatable({}, {__index = _G})
print(seen.print == print)
local undefined_read = nonexistent_global_variable
print(undefined_read)
local G = _G
G.via_alias = true
print(via_alias)
