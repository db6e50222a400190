-- %e %E %f %g %G with flags, widths and precisions (glibc printf output)
local fmts = {"%f", "%.2f", "%10.3f", "%-10.1f|", "%+.1f", "% .0f", "%#.0f", "%010.2f", "%e", "%.0e", "%.3E", "%g", "%.3g", "%#g", "%G", "%10.4g|", "%#.0e", "%#.3g", "%#10.0f|", "%-+12.5e|", "%.10g"}
local vals = {0, -0.0, 1, -1.5, 0.1, 2/3, 123456.789, 1e-5, 1e20, 1e300, 5e-324, 2.5, 0.5}
for _, f in ipairs(fmts) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = string.format(f, v) end
  print(f, table.concat(row, " "))
end
print(string.format("%.20f", 0.1), string.format("%.15e", 1/3), string.format("%.99f", 1/3))
print(string.format("%5.0f|%.1f|%.1f|%.1f|%.0f|%.0f|%.0f", 2.5, 0.05, 0.25, 0.35, 0.5, 1.5, -0.5))
print(string.format("%g %g %g %g %g", 100000, 1000000, 1e-4, 1e-5, 123456789012))
print(string.format("%f %e %g %G %5.1f|%-6g|", 1/0, -1/0, 1/0, -1/0, 1/0, -1/0))
print(string.format("%.3f", "1.23456"), string.format("%g", "0x10"), string.format("%99.2f|", 1/3):len())
