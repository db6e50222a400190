-- stateful iterators via closures and tables
local function lines(text)
  local pos = 1
  return function()
    if pos > #text then return nil end
    local s, e = string.find(text, "\n", pos, true)
    local line
    if s then line = text:sub(pos, s - 1) pos = e + 1 else line = text:sub(pos) pos = #text + 1 end
    return line
  end
end
for l in lines("first\nsecond\n\nfourth") do print("[" .. l .. "]") end
local function cycle(t, times)
  local i, n = 0, 0
  return function()
    if n >= times then return nil end
    n = n + 1
    i = i % #t + 1
    return n, t[i]
  end
end
for n, v in cycle({"r", "g", "b"}, 7) do io.write(n, v, " ") end
print()
local Iter = {}
Iter.__index = Iter
Iter.__call = function(self) self.i = self.i + 1 if self.i <= self.n then return self.i * self.i end end
local squares = setmetatable({i = 0, n = 5}, Iter)
for v in squares do io.write(v, " ") end
print()
local function batched(t, size)
  local i = 1
  return function()
    if i > #t then return end
    local batch = {}
    for j = i, math.min(i + size - 1, #t) do batch[#batch + 1] = t[j] end
    i = i + size
    return batch
  end
end
for b in batched({1, 2, 3, 4, 5, 6, 7}, 3) do print(table.concat(b, ",")) end
