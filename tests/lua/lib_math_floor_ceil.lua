-- floor/ceil: negative zero, large values, strings
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(5), math.ceil(5))
print(math.floor(-0.5), math.ceil(-0.5), math.floor(-0.0), math.ceil(-0.0), math.ceil(-0.1), math.floor(0.9999999999999999))
print(math.floor(2^60 + 0.5), math.ceil(-2^60), math.floor(2^53 + 1), math.floor(1e300), math.floor(1/0), math.ceil(-1/0))
print(math.floor("3.5"), math.ceil(" 0x10 "), math.floor("1e2"))
print(pcall(math.floor), pcall(math.floor, "x"), pcall(math.ceil, {}), pcall(math.floor, nil))
for i = -3, 3 do io.write(math.floor(i / 2), ":", math.ceil(i / 2), " ") end print()
