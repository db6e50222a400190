-- each iteration of a generic for has fresh variables
local fs = {}
for i, v in ipairs({"a", "b", "c"}) do fs[i] = function() return i .. "=" .. v end end
print(fs[1](), fs[2](), fs[3]())
local keys = {}
local t = {x = 1, y = 2, z = 3}
for k, v in pairs(t) do keys[#keys + 1] = function() return k, v end end
local collected = {}
for _, f in ipairs(keys) do local k, v = f() collected[#collected + 1] = k .. v end
table.sort(collected)
print(table.concat(collected, " "))
local words = {}
for w in string.gmatch("one two three", "%a+") do words[#words + 1] = function() return w:upper() end end
print(words[1](), words[2](), words[3]())
local setters, getters = {}, {}
for i, v in ipairs({10, 20}) do
  getters[i] = function() return v end
  setters[i] = function(n) v = n end
end
setters[1](11)
print(getters[1](), getters[2]())
