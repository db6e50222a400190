-- multiple results in table constructors
local function three() return 1, 2, 3 end
local function none() end
local t = {three()}
print(#t, t[1], t[3])
t = {three(), three()}
print(#t, t[1], t[2], t[4])
t = {three(), 10}
print(#t, t[1], t[2])
t = {(three())}
print(#t)
t = {0, three()}
print(#t, t[4])
t = {none()}
print(#t)
t = {none(), 5}
print(#t, t[1], t[2])
t = {x = three(), three()}
print(t.x, #t)
t = {three(), x = 1}
print(#t, t.x)
t = {[1] = "explicit", three()}
print(#t, t[1])
local function pack(...) return {n = select('#', ...), ...} end
local p = pack(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
p = pack(three())
print(p.n, p[1], p[2], p[3])
