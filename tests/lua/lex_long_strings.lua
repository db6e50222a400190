-- long strings of several levels
local a = [[simple]]
print(a, #a)
local b = [[
first newline is skipped]]
print(b, #b)
local c = [==[contains ]] and ]=] inside]==]
print(c, #c)
local d = [=[
line1
line2]=]
print(d, #d)
local e = [[]]
print("empty:[" .. e .. "]", #e)
local f = [===[a]==]b]=]c]]d]===]
print(f)
local g = [[tab	and spaces   kept]]
print(g, #g)
local h = [[backslash \n is not an escape]]
print(h, #h)
local i = [[

two newlines, only first skipped]]
print(#i, string.byte(i, 1))
-- nested [[ inside level 0 is an error in 5.1, not in level 1
print(loadstring("return [[a[[b]]"))
local ok = loadstring("return [=[a[[b]]c]=]")
print(ok())
-- line endings inside long strings are normalized
local crlf = loadstring("return [[x\r\ny\n\rz\rw]]")()
print(#crlf, (string.gsub(crlf, "\n", "|")))
print(string.byte(crlf, 1, -1))
-- unfinished long string
print(loadstring("return [[abc"))
print(loadstring("return [==[abc]=]"))
-- long strings as call arguments
print(string.upper[[call arg]])
print(#[=[]=], #[[x]])
