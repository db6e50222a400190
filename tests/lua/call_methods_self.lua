-- method definitions and calls with self
local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({items = {}, size = 0}, Stack) end
function Stack:push(...)
  for i = 1, select('#', ...) do
    self.size = self.size + 1
    self.items[self.size] = (select(i, ...))
  end
  return self
end
function Stack:pop()
  if self.size == 0 then return nil end
  local v = self.items[self.size]
  self.items[self.size] = nil
  self.size = self.size - 1
  return v
end
function Stack:peek() return self.items[self.size] end
local s = Stack.new()
s:push(1, 2, 3):push("four")
print(s.size, s:peek())
print(s:pop(), s:pop(), s.size)
print(Stack.pop(s), s.size)
local m = s.push
m(s, "via local")
print(s:peek())
local counter = {n = 0}
function counter.inc(self, by) self.n = self.n + (by or 1) return self end
counter:inc():inc(5):inc()
print(counter.n)
local str = "Hello"
print(str:len(), str:upper(), str:sub(2, 3), ("%d-%d"):format(1, 2))
local obj = {value = 10, get = function(self) return self.value end}
local other = {value = 20}
print(obj:get(), obj.get(other))
