-- trigonometric and hyperbolic functions at standard angles
for _, d in ipairs({0, 30, 45, 60, 90, 120, 180, 270, 360, -45}) do
  local r = math.rad(d)
  print(d, string.format("%.10f %.10f %.6g", math.sin(r), math.cos(r), math.tan(r)))
end
for _, v in ipairs({-1, -0.5, 0, 0.5, 1}) do
  print(v, string.format("%.12f %.12f %.12f", math.asin(v), math.acos(v), math.atan(v)))
end
for _, v in ipairs({-2, -0.5, 0, 0.5, 2, 20}) do
  print(v, string.format("%.12g %.12g %.12g", math.sinh(v), math.cosh(v), math.tanh(v)))
end
print(math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(0, -1), math.atan2(-0.0, -1), math.atan2(1, 0))
