-- %q produces a string literal that reads back to the same value
local samples = {"plain", "with \"quotes\"", "back\\slash", "new\nline", "cr\rhere", "nul\0byte",
  "tab\tand bell\a", "\255\128high", "", "'single'"}
for i, s in ipairs(samples) do
  local q = string.format("%q", s)
  local back = loadstring("return " .. q)()
  print(i, q, back == s)
end
print(string.format("%q", 42))
print(string.format("%q", 1.5))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q"))
print(string.format("x=%q y=%q", "a", "b"))
