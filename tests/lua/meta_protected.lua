-- __metatable protects a metatable
local t = setmetatable({}, {__metatable = "locked", __index = {x = 1}})
print(getmetatable(t), t.x)
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local f = setmetatable({}, {__metatable = false})
print(getmetatable(f))
print(pcall(setmetatable, f, {}))
local tbl_guard = {}
local g = setmetatable({}, {__metatable = tbl_guard})
print(getmetatable(g) == tbl_guard)
local plain = setmetatable({}, {})
print(type(getmetatable(plain)), (pcall(setmetatable, plain, nil)))
print(getmetatable(plain))
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
print(getmetatable("abc").__index == string, getmetatable("abc").__metatable)
local mt = {}
mt.__metatable = mt
local h = setmetatable({}, mt)
print(getmetatable(h) == mt)
print(setmetatable({}, nil) ~= nil)
print(pcall(setmetatable, {}, 5))
