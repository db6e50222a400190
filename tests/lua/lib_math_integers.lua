-- integer-valued arithmetic helpers built from the library
local function gcd(a, b) while b ~= 0 do a, b = b, math.fmod(a, b) end return math.abs(a) end
print(gcd(48, 18), gcd(17, 5), gcd(-12, 8), gcd(0, 9))
local function isqrt(n) return math.floor(math.sqrt(n)) end
print(isqrt(99), isqrt(100), isqrt(2^52))
local function digits(n) return math.floor(math.log10(n)) + 1 end
print(digits(9), digits(10), digits(12345), digits(1e15))
local function round(x) return math.floor(x + 0.5) end
print(round(2.5), round(-2.5), round(0.49999999999999994), round(-0.5))
local primes = {}
for n = 2, 100 do
  local p = true
  for d = 2, isqrt(n) do if math.fmod(n, d) == 0 then p = false break end end
  if p then primes[#primes + 1] = n end
end
print(#primes, table.concat(primes, " "))
local f = 1 for i = 1, 25 do f = f * i end print(f, string.format("%.0f", f), math.floor(f) == f)
print(2^53 + 1 == 2^53, math.fmod(2^53, 3), math.modf(2^52 + 0.5))
