-- pairs() over the standard library tables visits the names in lua5.1's order: each table is
-- built as luaL_register builds it (hash part presized for the C list, names inserted in the
-- C list's order, then the extra fields luaopen_* sets), and the node layout is lua5.1's.
for _, name in ipairs({"string", "math", "table", "coroutine", "os", "io"}) do
  local names = {}
  for k in pairs(_G[name]) do names[#names + 1] = tostring(k) end
  print(name .. ": " .. table.concat(names, " "))
end
print(string.gfind == string.gmatch, math.mod == math.fmod)
