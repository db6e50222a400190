-- strings are converted to numbers in arithmetic
print("10" + 1, "10" - 1, "10" * 2, "10" / 4, "10" % 3, "2" ^ 10)
print(" 0x10 " * 1, "0x10" + 0, "1e1" + 0, " 12 " + 0, "\t5\n" + 0)
print("-3" + 0, "+3" + 0, ".5" + 0, "5." + 0, "-.5e1" + 0)
print(-"2", -" 3 ", -"0x10")
print("3" + "4", "3" .. "4", 3 .. 4)
print(type("1" + 1), type(1 .. 1))
for _, s in ipairs({"abc", "", " ", "1 2", "1e", "0x", "--1", "1..2", "inf"}) do
  local ok, err = pcall(function() return s + 1 end)
  print(string.format("%q", s), ok, err)
end
print(("nan" + 1) ~= ("nan" + 1))
print(pcall(function() local str = "x" return 1 + str end))
print(pcall(function() return {} + "1" end))
print("10" == 10, "10" + 0 == 10)
print(pcall(function() return "10" < 11 end))
print(math.floor("3.7"), math.max("10", "9"), string.rep("ab", "2"))
