-- method chains on strings and numbers converted to strings
local s = "  The Quick Brown Fox  "
print(s:lower():gsub("%s+", " "):upper())
print((s:gsub("^%s+", "")):reverse():sub(1, 5):upper():len())
print(("x"):rep(3):upper():byte(1, -1))
print(("%5.2f"):format(1/3):gsub(" ", "_"))
print((("abc"):gsub(".", "%0%0")):upper():find("BB"))
print(("hello"):sub(2):sub(2):sub(2), ("hello"):match("(h)(.*)"))
local n = 255 print(("%x"):format(n):upper(), tostring(n):rep(2), (tostring(n)):reverse())
