-- counting with gsub's second result and gmatch
local text = "the cat sat on the mat with the hat"
print(select(2, text:gsub("the", "")), select(2, text:gsub("%a+", "")), select(2, text:gsub("at", "at")))
local freq = {}
for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
local keys = {} for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
for _, k in ipairs(keys) do io.write(k, "=", freq[k], " ") end print()
local vowels = select(2, text:gsub("[aeiou]", "%0")) print("vowels", vowels)
local letters = {} for c in text:gmatch("%a") do letters[c] = true end
local ls = {} for c in pairs(letters) do ls[#ls + 1] = c end table.sort(ls) print(table.concat(ls))
print(select(2, string.gsub(string.rep("ab", 1000), "ab", "")), select(2, string.gsub("aaaa", "aa", "")))
