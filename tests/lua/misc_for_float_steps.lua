-- numeric for with float steps, negative steps, and zero iterations
local n, last = 0, nil
for x = 0, 1, 0.1 do n = n + 1 last = x end
print(n, last, string.format("%.17g", last))
n = 0
for x = 1, 0, -0.25 do n = n + 1 io.write(x, " ") end
print("|", n)
n = 0
for x = 1, 0 do n = n + 1 end
print("1,0:", n)
n = 0
for x = 0, 1, -1 do n = n + 1 end
print("0,1,-1:", n)
n = 0
for x = 5, 5 do n = n + 1 end
print("5,5:", n)
for x = 10, 1, -3 do io.write(x, " ") end
print()
for x = 1, 2, 0.5 do io.write(x, " ") end
print()
for x = -1, -3, -1 do io.write(x, " ") end
print()
for x = 1.5, 3.5 do io.write(x, " ") end
print()
n = 0
for x = 1, math.huge do n = n + 1 if n == 5 then break end end
print("huge limit:", n)
n = 0
for x = 1, -math.huge do n = n + 1 end
print("neg huge limit:", n)
local limit = 3
for i = 1, limit do limit = 10 io.write(i, " ") end
print("limit evaluated once")
n = 0
for x = 0.1, 0.35, 0.05 do n = n + 1 end
print(n)
