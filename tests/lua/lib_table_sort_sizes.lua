-- sorting many sizes and patterns, each checked and fingerprinted
local function check(t, lt)
  for i = 2, #t do if lt(t[i], t[i - 1]) then return false end end return true
end
local lt = function(a, b) return a < b end
local total = 0
for n = 0, 64 do
  for pattern = 1, 4 do
    local t = {}
    for i = 1, n do
      if pattern == 1 then t[i] = i elseif pattern == 2 then t[i] = n - i
      elseif pattern == 3 then t[i] = (i * 17) % 7 else t[i] = (i * 2654435761) % 97 end
    end
    local calls = 0
    table.sort(t, function(a, b) calls = calls + 1 return a < b end)
    assert(check(t, lt))
    total = total + calls
  end
end
print("comparisons", total)
