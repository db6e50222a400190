-- string.rep of results past 1 MiB, with subjects whose length does not divide 1 MiB:
-- every copy must stay in phase.
for _, len in ipairs({3, 1000, 18896, 70000}) do
  local u = string.rep('a', len - 2) .. 'b,'
  local n = math.floor(4 * 2^20 / len) + 1
  local s = string.rep(u, n)
  local bad = nil
  for k = 0, n - 1 do
    if s:sub(k * len + 1, (k + 1) * len) ~= u then bad = k break end
  end
  print(len, #s == n * len, bad)
end
