local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function pass(...) return ... end
print(pass(1, nil, 3))
print((pass(1, 2, 3)))
local function mid(...) local a, b = ..., 'x' return a, b end
print(mid(1, 2, 3))
local t = {pass(1, 2, 3), pass(4, 5, 6)}
print(#t, t[1], t[2], t[3], t[4])
local t2 = {pass(1, 2), 10}
print(#t2, t2[1], t2[2])
local function last(...) return select(-1, ...) end
print(last(1, 2, 3))
local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + (select(i, ...)) end return s end
print(sum(1, 2, 3, 4, 5))
local function packn(...) return {n = select('#', ...), ...} end
local p = packn(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
print(unpack({1, 2, 3}))
local a, b, c, d = pass(1, 2)
print(a, b, c, d)
local x, y = 1
print(x, y)
print(pcall(pass, 'a', 'b'))
print(string.format('%s %s %s', pass('p', 'q', 'r')))
local function va_tail(...) return select('#', ...), ... end
print(va_tail(nil, nil, nil))
