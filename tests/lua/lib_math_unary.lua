-- every one-argument function over special and ordinary values (%.14g)
local fns = {"abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "deg", "exp", "floor", "log", "log10", "rad", "sin", "sinh", "sqrt", "tan", "tanh"}
local vals = {0, -0.0, 0.5, -0.5, 1, -1, 2, 10, 1e-300, 1e300, 1/0, -1/0, 3.7, -3.7, 100, 710, -745}
for _, f in ipairs(fns) do
  local out = {}
  for _, v in ipairs(vals) do out[#out + 1] = string.format("%.14g", math[f](v)) end
  print(f, table.concat(out, " "))
end
