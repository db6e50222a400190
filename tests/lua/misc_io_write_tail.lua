-- output that does not end with a newline must be compared byte for byte
io.write("no newline between ")
io.write("these", " ", "calls", "\n")
for i = 1, 3 do io.write(i, i < 3 and "," or "") end
io.write("\n")
io.write(1.5, " ", -0.25, " ", 1e20, " ", 2^63, "\n")
io.write("tab\tsep\n")
print("print adds a newline")
io.write("", "", "")
io.write("\n\n")
io.write("last line without newline")
