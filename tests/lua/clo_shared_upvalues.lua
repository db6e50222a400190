-- sibling closures share the same upvalue
local function bank()
  local balance = 0
  local history = {}
  return {
    deposit = function(n) balance = balance + n history[#history + 1] = "+" .. n end,
    withdraw = function(n) balance = balance - n history[#history + 1] = "-" .. n end,
    balance = function() return balance end,
    history = function() return table.concat(history, " ") end,
  }
end
local a, b = bank(), bank()
a.deposit(100) a.withdraw(30) b.deposit(5)
print(a.balance(), b.balance())
print(a.history(), "|", b.history())
local x = 1
local function readx() return x end
local function writex(v) x = v end
writex(42)
print(x, readx())
x = 7
print(readx())
local fns = {}
do
  local shared = "start"
  fns.get = function() return shared end
  fns.append = function(s) shared = shared .. s end
end
fns.append("-a") fns.append("-b")
print(fns.get())
