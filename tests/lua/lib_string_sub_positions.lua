-- string.sub with every kind of position: negative, zero, out of range, fractional, huge
local s = "hello world"
local pos = {0, 1, 2, 5, 11, 12, 100, -1, -2, -5, -11, -12, -100}
for _, i in ipairs(pos) do
  local row = {}
  for _, j in ipairs(pos) do row[#row + 1] = "[" .. s:sub(i, j) .. "]" end
  print(i, table.concat(row))
end
print(s:sub(2.9), s:sub(-3.5), s:sub(2, 4.99), s:sub("3", "5"))
print(s:sub(2^53), s:sub(-2^53), s:sub(1, 2^63), s:sub(1/0), s:sub(-1/0), s:sub(1, -1/0))
print(pcall(string.sub), pcall(string.sub, "x"), pcall(string.sub, "x", "a"), pcall(string.sub, "x", 1, {}))
print(("")["sub"]("", 1, 1) == "", ("abc"):sub(-1), ("abc"):sub(3, 3))
