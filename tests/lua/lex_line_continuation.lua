-- backslash-newline in strings produces a newline; line numbers keep counting
local s = "one\
two\
three"
print(s)
print(#s)
local t = 'a\
\
b'
print(#t, (t:gsub("\n", "N")))
local function where()
  local ok, msg = pcall(error, "x", 2)
  return msg
end
local u = "x\
y"; print(where())
local f = loadstring("local s = 'p\\\nq'\nerror('at line two')")
print(pcall(f))
local g = loadstring("return 'p\\\r\nq'")
local r = g()
print(#r, string.byte(r, 1, -1))
