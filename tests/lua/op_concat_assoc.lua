-- .. is right associative; observed through __concat
local log = {}
local mt = {}
mt.__concat = function(a, b)
  local na = type(a) == "table" and a.name or tostring(a)
  local nb = type(b) == "table" and b.name or tostring(b)
  log[#log + 1] = na .. "+" .. nb
  return setmetatable({name = "(" .. na .. nb .. ")"}, mt)
end
local function obj(n) return setmetatable({name = n}, mt) end
local A, B, C = obj("A"), obj("B"), obj("C")
local r = A .. B .. C
print(r.name)
print(table.concat(log, " "))
log = {}
r = "x" .. A .. "y" .. "z"
print(r.name)
print(table.concat(log, " "))
log = {}
r = (A .. B) .. C
print(r.name)
print(table.concat(log, " "))
log = {}
r = 1 .. 2 .. A
print(r.name)
print(table.concat(log, " "))
print(("a" .. "b") .. "c" == "a" .. ("b" .. "c"))
