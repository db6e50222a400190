-- Which bad argument a library function reports when several are bad: lua5.1's C checks
-- math.atan2/fmod/pow/ldexp and os.difftime's arguments right to left (gcc evaluates C call
-- arguments right to left), load checks its chunk name before the reader (found by lua_fuzz).
for _, f in ipairs({"atan2", "fmod", "pow", "ldexp", "max", "min", "random", "frexp", "modf", "log10", "randomseed"}) do
  print(f, pcall(math[f], nil, nil), pcall(math[f], "x", {}))
end
for _, f in ipairs({"rep", "sub", "byte", "char", "format", "find", "gsub", "match", "gmatch", "lower"}) do
  print(f, pcall(string[f], nil, nil), pcall(string[f], {}, {}, {}))
end
for _, f in ipairs({"insert", "remove", "concat", "sort", "maxn", "getn", "setn", "foreach", "foreachi"}) do
  print(f, pcall(table[f], nil, nil), pcall(table[f], 1, {}, {}))
end
print(pcall(setmetatable, nil, nil), pcall(setmetatable, {}, 1), pcall(rawset, nil, nil), pcall(rawget, 1, nil), pcall(rawequal, nil))
print(pcall(select, nil, nil), pcall(unpack, nil, nil, nil), pcall(tonumber, nil, "x"), pcall(tostring), pcall(ipairs), pcall(next, 1, 2))
print(pcall(coroutine.resume, nil), pcall(coroutine.create, 1), pcall(coroutine.wrap), pcall(coroutine.status, 1))
print(pcall(string.rep, "x", nil), pcall(string.sub, "x", "a", {}), pcall(string.format, "%d %d", "x", nil))
print(pcall(os.difftime, "x", {}))
print(os.difftime(1.7, 0.2), os.difftime(-1.5), os.difftime(2^40 + 0.5, 1))
print(pcall(load, 1, {}))
print(pcall(load, "x"))
