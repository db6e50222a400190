-- %d %i %u %o %x %X %c with flags, widths and precisions
local fmts = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%5.3d", "%-+6d|", "%i", "%u", "%o", "%#o", "%x", "%#x", "%X", "%#X", "%08x", "%.0d", "%#.0o"}
local vals = {0, 1, -1, 42, -42, 255, 3.7, -3.7, 65535, 2^31, -2^31, 2^53}
for _, f in ipairs(fmts) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = string.format(f, v) end
  print(f, table.concat(row, " "))
end
for _, v in ipairs({0/0, 2^63, 1.5 * 2^63, 2^64, 1e30, -1e30, -2^63, 1/0, -1/0, 1e100}) do
  print(string.format("%x %u %o %d %X", v, v, v, v, v))
end
print(string.format("%c%c%c", 72, 105, 33), string.format("%5c|%-5c|", 65, 66), #string.format("%c", 0), string.format("%c", 256 + 65))
print(string.format("%d", "10"), string.format("%x", " 0x1f "), string.format("%5.2d|%-5.2d|", 3, 3))
