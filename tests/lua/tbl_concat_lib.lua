-- table.concat with separators and ranges
local t = {"a", "b", "c", "d"}
print(table.concat(t))
print(table.concat(t, ", "))
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 2, 3))
print("[" .. table.concat(t, "-", 3, 2) .. "]")
print("[" .. table.concat({}) .. "]")
print(table.concat({1, 2.5, "x"}, " "))
print(table.concat({"only"}, ","))
print(pcall(table.concat, {"a", nil, "c"}, ",", 1, 3))
print(pcall(table.concat, {true}))
print(pcall(table.concat, {{}}, ","))
local nums = {}
for i = 1, 20 do nums[i] = i end
print(table.concat(nums, ""))
print(#table.concat(nums, ","))
print(table.concat({"a", "b"}, "\0") == "a\0b")
print(table.concat(t, 1))
