-- upvalues in error messages
local u_nil, u_num, u_tab, u_str = nil, 7, {}, "text"
print(pcall(function() return u_nil.x end))
print(pcall(function() return u_nil() end))
print(pcall(function() return u_num.x end))
print(pcall(function() return u_num() end))
print(pcall(function() return u_tab + 1 end))
print(pcall(function() return u_tab.a.b end))
print(pcall(function() return u_str + 1 end))
print(pcall(function() return u_tab < u_tab end))
print(pcall(function() return #u_num end))
print(pcall(function() return u_tab .. "" end))
local function outer()
  local deep = nil
  return function() return function() return deep.z end end
end
print(pcall(outer()()))
