
print("string.sub('hello', 2, -2)", pcall(function() return string.sub('hello', 2, -2) end))
print("('ab'):rep(3)", pcall(function() return ('ab'):rep(3) end))
print("('ab'):rep(0)", pcall(function() return ('ab'):rep(0) end))
print("('ab'):rep(-1)", pcall(function() return ('ab'):rep(-1) end))
print("string.byte('ABC')", pcall(function() return string.byte('ABC') end))
print("string.byte('ABC', 2)", pcall(function() return string.byte('ABC', 2) end))
