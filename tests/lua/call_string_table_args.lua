-- call syntax sugar: f"str", f[[str]], f{table}
local function show(x) if type(x) == "table" then return "table:" .. #x .. ":" .. tostring(x.k) end return "string:" .. x end
print(show"literal")
print(show 'single')
print(show[[long]])
print(show{1, 2, 3})
print(show{k = "v"})
print(type"x", type{})
local obj = {}
function obj:m(a) return self == obj, type(a) end
print(obj:m"s")
print(obj:m{})
local function chain(s) return function(t) return s .. "/" .. #t end end
print(chain"name"{1, 2})
print(("abc"):upper(), #"abc")
print(pcall(string.format, "%s"))
print(require == nil or type(require))
