-- string.dump is not supported: it raises lua5.1's "unable to dump given function" only for C functions;
-- the checks on its argument are the same
print(pcall(string.dump))
print(pcall(string.dump, "x"))
print(pcall(string.dump, {}))
print(pcall(string.dump, print))
print(type(string.dump))
