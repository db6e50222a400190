-- sorted insertion and binary search
local function bsearch(t, x)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if t[mid] == x then return mid elseif t[mid] < x then lo = mid + 1 else hi = mid - 1 end
  end
  return nil, lo
end
local t = {}
for _, v in ipairs({50, 10, 40, 20, 30, 25, 5, 45}) do
  local _, pos = bsearch(t, v)
  table.insert(t, pos, v)
end
print(table.concat(t, " "))
for _, x in ipairs({5, 25, 50, 1, 99, 33}) do print(x, bsearch(t, x)) end
local words = {"pear", "apple", "fig", "kiwi", "banana"} table.sort(words)
print(table.concat(words, " "), bsearch(words, "fig"), bsearch(words, "grape"))
