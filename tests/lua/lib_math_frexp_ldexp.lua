-- frexp/ldexp round trips, subnormals, overflow
for _, v in ipairs({0, -0.0, 1, -1, 0.5, 3, 1e-310, 1e300, 1/0, -1/0, 2^-1074, 123.456, 2^1023, -2^-1022}) do
  local m, e = math.frexp(v)
  print(v, m, e, math.ldexp(m, e) == v)
end
print(math.ldexp(1, 1024), math.ldexp(1, -1074), math.ldexp(1, -1075), math.ldexp(3, 2.9), math.ldexp(-1, 10))
print(math.ldexp(1e-310, 100), math.ldexp(2^1000, -2000), math.ldexp(0.5, 1025), math.ldexp(1, 2^32 + 3))
print(pcall(math.ldexp, 1), pcall(math.ldexp), pcall(math.frexp), pcall(math.ldexp, 1, "x"))
