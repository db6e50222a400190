-- proper tail calls do not grow the stack
local function countdown(n) if n == 0 then return "done" end return countdown(n - 1) end
print(countdown(100000))
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print(is_even(100000), is_odd(100001), is_even(7))
local function acc(n, total) if n == 0 then return total end return acc(n - 1, total + n) end
print(acc(100000, 0))
local function multi(n, a, b) if n == 0 then return a, b end return multi(n - 1, b, a) end
print(multi(100001, "x", "y"))
local obj = {n = 0}
function obj:step(k) if k == 0 then return self.n end self.n = self.n + 1 return self:step(k - 1) end
print(obj:step(50000))
local function via_pcall(n) if n == 0 then return "bottom" end return via_pcall(n - 1) end
print(pcall(via_pcall, 100000))
local function tail_to_builtin(s) return string.upper(s) end
print(tail_to_builtin("abc"))
local function vararg_tail(n, ...) if n == 0 then return select('#', ...), ... end return vararg_tail(n - 1, ...) end
print(vararg_tail(30000, 1, nil, 3))
