-- %q: quotes, backslashes, newlines, CR, NUL; other bytes pass through
print(string.format("%q", "hello"))
print(string.format("%q", 'say "hi"'))
print(string.format("%q", "back\\slash"))
print(string.format("%q", "line1\nline2"))
print(string.format("%q", "cr\rhere"))
print(string.format("%q", "nul\0byte"))
print(string.format("%q", "tab\tand\1ctl\127"), #string.format("%q", "\200\255"))
print(string.format("%q", ""), string.format("%q", 1/3), string.format("%q", 42))
print(string.format("%q %q", "a", "b"), string.format("<%q>", "\"\\\n\r\0"))
local s = "a\0b\"c\\d\ne\rf"
local back = loadstring("return " .. string.format("%q", s))()
print(back == s, #back)
print(pcall(string.format, "%q"), pcall(string.format, "%q", {}), pcall(string.format, "%q", nil))
