-- len, upper, lower, reverse on ordinary, empty, numeric and binary strings
local samples = {"", "a", "Hello, World!", "MiXeD 123 _x_", "tab\there", "\0\1\2", "ÀÉÎ àéî"}
for i, s in ipairs(samples) do
  print(i, string.len(s), #string.upper(s), string.lower(s) == s:lower(), (string.reverse(s):gsub("%z", "<0>")))
  print(string.upper(s):gsub("%c", "."), (string.lower(s):gsub("%c", ".")))
end
print(string.len(12.5), string.upper(1e100), string.lower(-0.25), string.reverse(123))
print(("abc"):upper(), ("ABC"):lower(), ("abc"):reverse(), ("abc"):len())
print(pcall(string.len), pcall(string.upper, nil), pcall(string.lower, {}), pcall(string.reverse, true))
print(select("#", string.upper("x")), string.reverse(string.reverse("palindrome")))
