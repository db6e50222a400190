-- __concat with the object on either side
local mt = {}
mt.__concat = function(a, b)
  local sa = type(a) == "table" and "<" .. a.name .. ">" or tostring(a)
  local sb = type(b) == "table" and "<" .. b.name .. ">" or tostring(b)
  return sa .. sb
end
local obj = setmetatable({name = "obj"}, mt)
print(obj .. "str")
print("str" .. obj)
print(1 .. obj, obj .. 2.5)
print(obj .. obj)
print("a" .. obj .. "b")
print("a" .. "b" .. obj .. "c" .. "d")
local res = setmetatable({name = "r"}, {__concat = function(a, b) return setmetatable({name = "joined"}, mt) end})
local r = res .. "x"
print(type(r), r.name)
print(pcall(function() return obj .. nil end))
print(pcall(function() return obj .. true end))
print(pcall(function() return {} .. obj end))
local only_right = setmetatable({name = "R"}, {__concat = function(a, b) return "right handled" end})
print({} .. only_right, pcall(function() return nil .. only_right end))
