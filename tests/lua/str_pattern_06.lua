
print("string.match('THE END', '%f[%a]%a+%f[%A]')", pcall(function() return string.match('THE END', '%f[%a]%a+%f[%A]') end))
print("string.match('3.14', '^%-?%d+%.?%d*$')", pcall(function() return string.match('3.14', '^%-?%d+%.?%d*$') end))
