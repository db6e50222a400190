-- and/or return one of their operands
local values = {n = nil, f = false, t = true, z = 0, e = "", s = "str"}
local names = {"n", "f", "t", "z", "e", "s"}
for _, a in ipairs(names) do
  local line = {}
  for _, b in ipairs(names) do
    local r1 = values[a] and values[b]
    local r2 = values[a] or values[b]
    line[#line + 1] = a .. b .. "=" .. tostring(r1) .. "/" .. tostring(r2)
  end
  print(table.concat(line, " "))
end
print(1 and 2 and 3, nil and 1 and 2, 1 and false and 3)
print(nil or false or 3, nil or false, false or nil)
print(1 and nil or "default", 1 and 2 or 3, nil and 2 or 3)
print((nil and nil) == nil, (false or false) == false)
local function f() return nil, "second" end
print(f() or "x", (f()) or "y")
print(f() and "z")
local x = nil
local y = x and x.field or "no field"
print(y)
