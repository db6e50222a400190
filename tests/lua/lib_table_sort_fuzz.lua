-- sort on pseudo-random arrays with consistent, random and invalid comparators: same comparisons, results and errors as lua5.1
local seed = 12345
local function rnd(m) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % m end
for trial = 1, 300 do
  local n = rnd(40)
  local t = {} for i = 1, n do t[i] = rnd(10) end
  local mode = trial % 4
  local log = 0
  local h = 0
  local cmp
  if mode == 0 then cmp = nil
  elseif mode == 1 then cmp = function(a, b) log = log + 1 h = (h * 31 + (a or 50) * 7 + (b or 60)) % 1000003 return a < b end
  elseif mode == 2 then cmp = function(a, b) log = log + 1 h = (h * 31 + (a or 50) * 7 + (b or 60)) % 1000003 return rnd(2) == 0 end
  else cmp = function(a, b) log = log + 1 h = (h * 31 + (a or 50) * 7 + (b or 60)) % 1000003 return a <= b end end
  local ok, e = pcall(table.sort, t, cmp)
  print(trial, n, ok, e, log, h, table.concat(t, ","))
end
