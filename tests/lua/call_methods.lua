local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v return self end
function Account:get() return self.balance end
local a = Account.new(100)
print(a:deposit(50):deposit(25):get())
print(a.get(a), Account.get(a))
local s = "hello"
print(s:upper(), s:len(), ("%d-%d"):format(1, 2))
local t = {f = function(self, x) return self.v + x end, v = 10}
print(t:f(5), t.f(t, 6))
print(pcall(function() return t:nomethod() end))
