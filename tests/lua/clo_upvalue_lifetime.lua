-- upvalues survive after the enclosing function returns
local function make()
  local data = {}
  local function add(v) data[#data + 1] = v return #data end
  local function dump() return table.concat(data, ",") end
  return add, dump
end
local add, dump = make()
for i = 1, 5 do add(i * i) end
print(dump())
local closures = {}
local function spawn(n)
  local x = n
  closures[#closures + 1] = function() x = x * 2 return x end
end
for i = 1, 3 do spawn(i) end
print(closures[1](), closures[1](), closures[2](), closures[3]())
local function scope_test()
  local fs = {}
  do
    local a = "block a"
    fs[1] = function() return a end
  end
  do
    local a = "block b"
    fs[2] = function() return a end
  end
  return fs
end
local fs = scope_test()
print(fs[1](), fs[2]())
