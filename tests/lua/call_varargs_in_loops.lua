-- varargs inspected inside loops and nested functions
local function join(sep, ...)
  local out = {}
  for i = 1, select('#', ...) do out[i] = tostring((select(i, ...))) end
  return table.concat(out, sep)
end
print(join(",", 1, nil, "x", false))
print(join("-"))
local function each(...)
  local args = {...}
  for i, v in ipairs(args) do io.write(i, "=", tostring(v), " ") end
  print()
end
each("a", "b", nil, "d")
local function reverse(...)
  local n = select('#', ...)
  local t = {...}
  local r = {}
  for i = n, 1, -1 do r[#r + 1] = t[i] end
  return unpack(r, 1, n)
end
print(reverse(1, 2, 3, 4))
print(select('#', reverse(nil, 1, nil)))
local function count_type(kind, ...)
  local c = 0
  for i = 1, select('#', ...) do if type((select(i, ...))) == kind then c = c + 1 end end
  return c
end
print(count_type("number", 1, "2", 3, nil, 4.5), count_type("nil", nil, nil, 1))
print(loadstring("return select('#', ...)")(1, 2, 3))
print(loadstring("local a, b = ... return b, a")("x", "y"))
