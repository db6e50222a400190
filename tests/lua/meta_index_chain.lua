-- __index tables form lookup chains
local base = {kind = "base", only_base = 1}
local mid = setmetatable({kind = "mid", only_mid = 2}, {__index = base})
local top = setmetatable({kind = "top"}, {__index = mid})
print(top.kind, top.only_mid, top.only_base, top.missing)
print(rawget(top, "only_base"), rawget(mid, "only_base"))
base.added_later = "late"
print(top.added_later)
mid.only_base = "shadowed"
print(top.only_base)
top.only_mid = "own"
print(top.only_mid, mid.only_mid)
local self_loop_safe = setmetatable({}, {__index = {x = 1}})
print(self_loop_safe.x, self_loop_safe.y)
local deep = {}
local cur = deep
for i = 1, 20 do
  local nxt = {["level" .. i] = i}
  setmetatable(cur, {__index = nxt})
  cur = nxt
end
print(deep.level1, deep.level10, deep.level20, deep.level21)
local arr = setmetatable({1, 2}, {__index = {10, 20, 30, 40}})
print(arr[1], arr[2], arr[3], arr[4], #arr)
