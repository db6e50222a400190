local function three() return 1, 2, 3 end
local function none() end
print(three())
print(three(), 'x')
print('x', three())
print((three()))
print(none())
print(none(), 'after')
print({three()}[3], #{three(), three()})
local t = {three(), three(), n = 'k'}
print(#t)
local a, b, c, d, e = three(), three()
print(a, b, c, d, e)
local function ret_call() return three() end
print(ret_call())
local function ret_paren() return (three()) end
print(ret_paren())
print(select('#', none()), select('#', (none())))
print(math.max(three()))
print(string.rep('ab', three()))
local s = 0 for i, v in ipairs({three()}) do s = s + v end print(s)
