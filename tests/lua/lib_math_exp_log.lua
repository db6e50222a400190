-- exp, log, log10, sqrt, pow and the ^ operator
print(math.exp(0), math.exp(1), math.exp(-1), math.exp(709), math.exp(710), math.exp(-746))
print(math.log(1), math.log(math.exp(2)), math.log(0), math.log(-0.0), math.log(1/0), math.log(10))
print(math.log10(1000), math.log10(0.001), math.log10(0), math.log10(2), math.log10(1e300))
print(math.sqrt(4), math.sqrt(2), math.sqrt(0), math.sqrt(-0.0), math.sqrt(1/0), math.sqrt(2)^2 == 2)
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(2, -1), math.pow(0, 0), math.pow(0, -1), math.pow(-2, 3), math.pow(1, 1/0))
print(2^10 == math.pow(2, 10), 10^-2, (-8)^(1/3) ~= (-8)^(1/3), math.pow(-1, 1/0), math.pow(-1, -1/0))
print(pcall(math.pow, 2), pcall(math.exp), pcall(math.log, "e"), math.log("1"), math.sqrt("16"))
