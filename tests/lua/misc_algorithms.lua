-- small algorithms exercising many features at once
local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, math.floor(math.sqrt(n)) do
    if is[i] then for j = i * i, n, i do is[j] = false end end
  end
  local out = {}
  for i = 2, n do if is[i] then out[#out + 1] = i end end
  return out
end
local primes = sieve(100)
print(#primes, table.concat(primes, " "))
local function quicksort(t, lo, hi)
  lo, hi = lo or 1, hi or #t
  if lo >= hi then return t end
  local p, i = t[hi], lo - 1
  for j = lo, hi - 1 do if t[j] <= p then i = i + 1 t[i], t[j] = t[j], t[i] end end
  t[i + 1], t[hi] = t[hi], t[i + 1]
  quicksort(t, lo, i)
  quicksort(t, i + 2, hi)
  return t
end
print(table.concat(quicksort({9, 4, 7, 1, 8, 2, 2, 6, 0}), " "))
local function bsearch(t, v)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if t[mid] == v then return mid elseif t[mid] < v then lo = mid + 1 else hi = mid - 1 end
  end
  return nil
end
print(bsearch(primes, 37), bsearch(primes, 38), bsearch(primes, 2), bsearch(primes, 97))
local function collatz(n) local steps = 0 while n ~= 1 do n = n % 2 == 0 and n / 2 or 3 * n + 1 steps = steps + 1 end return steps end
print(collatz(27), collatz(1), collatz(97))
local function tobinary(n) local s = "" repeat s = (n % 2) .. s n = math.floor(n / 2) until n == 0 return s end
print(tobinary(0), tobinary(5), tobinary(255), tobinary(1024))
local function wordfreq(text)
  local freq = {}
  for w in text:lower():gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
  local keys = {}
  for k in pairs(freq) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
  local out = {}
  for i = 1, math.min(4, #keys) do out[i] = keys[i] .. "=" .. freq[keys[i]] end
  return table.concat(out, " ")
end
print(wordfreq("The cat and the hat. The cat sat; and THE end"))
