-- select with counts, positive and negative indices
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
print(select(1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(select('#'), select('#', select(2, 1, 2, 3)))
print(select(2, nil, nil, "x"))
print(select("2", "a", "b"))
print(pcall(select, 0, "a"))
local function last(...) return (select(select('#', ...), ...)) end
print(last(1, 2, 3), last("only"))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5))
