-- syntax errors come back as nil plus a message
local sources = {
  "return +",
  "x = = 1",
  "if x then",
  "for i = 1 do end",
  "local 1 = 2",
  "return 'unterminated",
  "f(",
  "x = }",
  "return return",
  "break",
  "local function() end",
  "a.b:c = 1",
  "return 1 2",
  "(f)",
  "x, y() = 1, 2",
  "return ...  ",
  "function f() return ... end",
  "while true do end end",
}
for i, src in ipairs(sources) do
  local fn, err = loadstring(src)
  print(i, fn == nil, err)
end
print(loadstring("x = ", "=custom name"))
print(loadstring("x = ", "@file.lua"))
print(loadstring("\n\n\nx = ", "=lines"))
print(pcall(loadstring))
print(loadstring("return 1", nil) ~= nil)
