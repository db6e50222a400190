-- the table library's members (sorted names) and their types
local names = {}
for k, v in pairs(table) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names) print(table.concat(names, " "))
local names = {}
for k, v in pairs(string) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names) print(table.concat(names, " "))
local names = {}
for k, v in pairs(math) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names) print(table.concat(names, " "))
print(math.mod == math.fmod, string.gfind == string.gmatch)
