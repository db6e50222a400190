-- tostring/tonumber round trips
local values = {0, 1, -1, 0.5, 1/3, 2^53, 1e100, -1e-100, 123456789, 3.14159265358979, 1e15, 0.1}
for _, v in ipairs(values) do
  local s = tostring(v)
  local back = tonumber(s)
  local exact = string.format("%.17g", v)
  print(s, back == v, tonumber(exact) == v)
end
for _, s in ipairs({"10", "0x1A", "1e3", "  42  ", "-0", "007", "1.50"}) do
  print(string.format("%q", s), tonumber(s), tostring(tonumber(s)))
end
print(tostring(10) == "10", tostring(10.0) == "10", 10 .. "" == "10")
print(tonumber(tostring(1/0)), tonumber(tostring(-1/0)))
print(string.format("%.14g", 2^63), tostring(2^63))
print(#tostring(1/3), #tostring(-1/3))
