local function f(x) io.write(x, " ") return x end
print(f(1) > f(2))
print(f(3) >= f(4))
if f(5) > f(6) then print("y") else print("n") end
if f(7) >= f(8) then print("y") else print("n") end
local t = {f(9) > f(10), f(11) >= f(12)}
print(t[1], t[2])
local x = f(13) + 1 > f(14) * 2
print(x)
print(not (f(15) > f(16)))
print(f(17) > f(18) and f(19) >= f(20) or f(21) < f(22))
