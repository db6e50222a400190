-- upper, lower, len, reverse
local s = "Hello, World! 123 _x"
print(s:upper())
print(s:lower())
print(s:len(), #s, string.len(s))
print(s:reverse())
print(("\0a\0"):upper() == "\0A\0", ("\0a\0"):len())
print(string.upper("\233\255"), #string.upper("\233"))
print(("abc"):reverse():reverse(), ("a"):reverse(), ("" ):reverse() == "")
print(string.lower("MiXeD CaSe"), string.upper("already UPPER"))
print(string.len(""), string.len("\n\t"), string.len(123))
print(string.upper(12), string.reverse(123))
print(pcall(string.len))
print(pcall(string.upper, nil))
local function is_palindrome(w) w = w:lower():gsub("[^%a]", "") return w == w:reverse() end
print(is_palindrome("A man, a plan, a canal: Panama"), is_palindrome("hello"))
