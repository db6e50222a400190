-- Number arguments of natives (Args::check_number's fast path reads the register by
-- reference; coercion and errors out of line) and their single results in place (issue 11).
local abs, floor, max, fmod = math.abs, math.floor, math.max, math.fmod
print(abs(-3), abs('-4.5'), abs(' 0x10 '), abs(-0.0), abs(1/0))
print(floor('3.7'), floor(-3.5), max(1, '7', 3), fmod('7', 3))
for _, v in ipairs({{}, true, 'x1', print}) do
  print(pcall(abs, v))
end
print(pcall(abs))
print(pcall(abs, nil))
print(pcall(max, 1, 2, {}))
print(pcall(fmod, {}, {}))
print(pcall(string.rep, 'ab', 'x'))
print(pcall(string.sub, 'hello', '2', 3.9))
-- a result used right away by arithmetic, comparisons and as an argument
local acc = 0
for i = -5, 5 do
  acc = acc + abs(i) * 2 - floor(i / 2)
  if abs(i) > 3 then acc = acc + max(abs(i), 4) end
end
print(acc)
-- errors are positioned at the calling line
local ok, e = pcall(function()
  local x = abs(2)
  return abs(x, 1) + abs('nope')
end)
print(ok, e)
