-- Source bytes >= 0x80 quoted in compile errors come back byte for byte.
for _, s in ipairs({"\255 = 1", "x = '\233", "x = \200\201", "return 1\128"}) do
  local f, e = loadstring(s)
  print((e:gsub("[\128-\255]", function(c) return "<" .. c:byte() .. ">" end)))
end
-- ... and so do runtime positions in chunks named after such source
local f = loadstring("local x = '\233' error('boom')")
print((select(2, pcall(f)):gsub("[\128-\255]", function(c) return "<" .. c:byte() .. ">" end)))
