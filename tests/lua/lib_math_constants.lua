-- pi, huge, deg/rad
print(math.pi, -math.pi, math.huge, -math.huge, math.huge == 1/0, math.pi - 3.141592653589793)
print(math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1), math.deg(-0.0), math.rad(1/0))
print(string.format("%.17g %.17g", math.pi, math.rad(90)), math.huge > 2^1023, -math.huge < -2^1023)
print(math.sin(math.pi) < 1e-15, math.cos(math.pi), math.tan(math.pi / 4), math.atan(1) * 4 == math.pi)
