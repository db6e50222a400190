-- all escape sequences in quoted strings
local function bytes(s)
  local out = {}
  for i = 1, #s do out[#out + 1] = string.byte(s, i) end
  return table.concat(out, " ")
end
print(bytes("\a\b\f\n\r\t\v"))
print(bytes("\\"), bytes("\""), bytes("\'"))
print(bytes('\"'), bytes('\''))
print("quote \"inside\" double", 'quote \'inside\' single')
print("single ' in double", 'double " in single')
print(bytes("\0"), #"\0", #"a\0b")
print(bytes("\65\066\0067"))
print(bytes("\1234"), #"\1234")
print(bytes("\255\254\128"))
print("\72\101\108\108\111")
print(bytes("\q\w\z"))
print(bytes("a\
b"))
print(#"tab\tx", "tab\tx")
print(loadstring([[return "\256"]]))
print(loadstring([[return "\999"]]))
print(loadstring("return \"unfinished"))
print(loadstring("return 'line\nbreak'"))
local s = "mixed\t\"q\"\\n\65"
print(s, #s)
print(string.format("%q", "a\nb\0c\"d\\"))
