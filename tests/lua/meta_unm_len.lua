-- __unm arguments, and __len is ignored for tables in 5.1
local seen
local mt = {__unm = function(...) seen = {select('#', ...), (select(1, ...)) == (select(2, ...))} return "negated" end}
local t = setmetatable({1, 2, 3}, mt)
print(-t, seen[1], seen[2])
print(pcall(function() return - -t end))
local lenmt = {__len = function() return 99 end}
local lt = setmetatable({1, 2}, lenmt)
print(#lt, rawequal(#lt, 2))
local empty = setmetatable({}, lenmt)
print(#empty)
print(pcall(function() return #setmetatable({}, {__len = function() error("never called") end}) end))
print(pcall(function() local s = setmetatable({}, {__unm = function(a) return a end}) return -s == s end))
local strlen = setmetatable({}, {__len = function() return 5 end})
strlen[1] = "a" strlen[2] = "b" strlen[3] = "c"
print(#strlen, rawequal(#strlen, 3))
local calls = 0
local cmt = {__unm = function(a) calls = calls + 1 return setmetatable({v = -a.v}, getmetatable(a)) end}
local x = setmetatable({v = 4}, cmt)
local y = -(-(-x))
print(y.v, calls)
print(pcall(function() return -setmetatable({}, {}) end))
print(pcall(function() return #setmetatable({}, {__len = 1}) end))
