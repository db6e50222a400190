-- stateless iterators for generic for
local function iter_evens(t, i)
  i = i + 2
  if t[i] ~= nil then return i, t[i] end
end
local function evens(t) return iter_evens, t, 0 end
for i, v in evens({"a", "b", "c", "d", "e"}) do io.write(i, v, " ") end
print()
local function countdown(max, cur)
  if cur > 1 then return cur - 1 end
end
for v in countdown, 5, 6 do io.write(v, " ") end
print()
local function rev_iter(t, i) i = i - 1 if i > 0 then return i, t[i] end end
local function ripairs(t) return rev_iter, t, #t + 1 end
for i, v in ripairs({"x", "y", "z"}) do io.write(i, v, " ") end
print()
for k, v in next, {only = "one"} do print(k, v) end
local calls = 0
local function spy_iter(s, c)
  calls = calls + 1
  if c < s then return c + 1, c * 10 end
end
for a, b in spy_iter, 3, 0 do io.write(a, ":", b, " ") end
print("calls", calls)
for a, b, c, d in function(_, x) if not x then return 1, 2, 3, 4 end end do print(a, b, c, d) end
