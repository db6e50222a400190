-- atan2, fmod, pow over signed zeros and infinities
for _, f in ipairs({"atan2", "fmod", "pow"}) do
  for _, a in ipairs({0, -0.0, 1, -1, 2.5, -2.5, 1/0, -1/0}) do
    local out = {}
    for _, b in ipairs({0, -0.0, 1, -1, 2, 0.5, 1/0, -1/0}) do
      out[#out + 1] = string.format("%.14g", math[f](a, b))
    end
    print(f, a, table.concat(out, " "))
  end
end
