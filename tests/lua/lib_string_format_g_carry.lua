-- %g where rounding to the precision carries into a new decade: glibc picks the style from
-- the unrounded exponent, so `%#.2g` of 99.5 is `1.e+02` (not `1.0e+02`).
local vals = {99.995, 9.96, 0.0999996, 999.5, 9.5, 99.5, 0.995, 95, 9.9999, 9.99999e-5,
  99999.5, 999999.5, 9999999, 0.00099999, 100, 1000, 10, -99.5, -999.5}
local specs = {"%#.1g", "%#.2g", "%#.3g", "%#.4g", "%#g", "%.2g", "%.3g", "%g", "%#G", "%#.2G",
  "%#10.2g", "%-#10.2g|", "%#010.2g", "%+#.2g", "% #.3g", "%#.0g", "%#.6g", "%#.7g"}
for _, v in ipairs(vals) do
  for _, f in ipairs(specs) do
    io.write(f, " ", v, " [", string.format(f, v), "]\n")
  end
end
