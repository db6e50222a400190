-- ipairs stops at the first nil
local function collect(t)
  local out = {}
  for i, v in ipairs(t) do out[#out + 1] = i .. ":" .. tostring(v) end
  return table.concat(out, " ")
end
print(collect({1, 2, 3}))
print(collect({1, nil, 3}))
print(collect({nil, 2}))
print(collect({}))
print(collect({[1] = "a", [2] = "b", [4] = "d"}))
print(collect({[0] = "zero", "one"}))
print(collect({false, false, nil, true}))
print(collect({x = 1, y = 2}))
local t = {1, 2, 3, 4, 5}
local visited = 0
for i, v in ipairs(t) do
  visited = visited + 1
  if i == 2 then t[4] = nil end
end
print(visited)
local grow = {1}
local steps = 0
for i, v in ipairs(grow) do
  steps = steps + 1
  if i < 5 then grow[i + 1] = v * 2 end
end
print(steps, collect(grow))
local f, s, i0 = ipairs({})
print(type(f), i0)
print(f({7, 8}, 0))
print(f({7, 8}, 2))
