-- gsub with anchors and empty matches
print(string.gsub("hello", "^", ">"), string.gsub("hello", "$", "<"), string.gsub("hello", "^h", "H"), string.gsub("hello", "^e", "E"))
print(string.gsub("aaa", "^a*", "X"), string.gsub("aaa", "a*", "X"), string.gsub("aaa", "a-", "X"), string.gsub("abc", "%a*", "-"))
print(string.gsub("a b", "%s*", "_"), string.gsub("abc", "x*", "-"), string.gsub("", "^", "S"), string.gsub("", "$", "E"))
print(string.gsub("hello world", "o?", "0"), string.gsub("one", "()", "%1"))
print(string.gsub("hello", "^(.)", string.upper), string.gsub("hello", "(.)$", string.upper))
print(string.gsub("x^y", "^%^", "!"), string.gsub("^y", "^^", "!"), string.gsub("a$b", "$b", "!"))
print(string.gsub("abc", ".-", "-"), string.gsub("abc", "^.-", "-"), string.gsub("abc", ".-$", "-"))
