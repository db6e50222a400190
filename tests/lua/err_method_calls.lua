-- method call errors on various receivers
local function try(f) local ok, e = pcall(f) print(ok, e) end
local obj = {name = "obj"}
function obj:greet() return "hi " .. self.name end
try(function() return obj:greet() end)
try(function() return obj.greet() end)
try(function() return obj:missing() end)
try(function() return obj.name:upper() end)
try(function() return obj.name:nosuch() end)
try(function() local n = 5 return n:foo() end)
try(function() local none return none:foo() end)
try(function() return undefined_obj:foo() end)
try(function() local s = "abc" return s:len(), s:sub(2) end)
try(function() return ("x"):rep(3):upper():lower() end)
try(function() return obj:greet():missing() end)
local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:withdraw(n)
  if n > self.balance then error("insufficient funds", 2) end
  self.balance = self.balance - n
  return self.balance
end
local acc = Account.new(100)
try(function() return acc:withdraw(30) end)
try(function() return acc:withdraw(500) end)
try(function() return acc.withdraw(nil, 1) end)
try(function() return acc:deposit(1) end)
