-- Which of 0 and -0 a chunk's constants hold (they are one constant entry): lua5.1 adds a
-- numeral's constant when its operator is coded — arithmetic adds the right operand's first,
-- comparisons the left's — and folds parenthesised numerals (found by lua_fuzz).
-- Each case is its own chunk (its own constants).
print('--')
loadstring([=[
local t2 = {i1, ((-0) / 0)}
for k3, e4 in pairs({[100] = 0}) do print(k3, e4) end
]=])()
print('--')
loadstring([=[
local v6 = 0 / (-0)
print((nil or (-0)))
]=])()
print('--')
loadstring([=[
local a = 0 < -0
print(-0, 0)
]=])()
print('--')
loadstring([=[
local x = 1
local a = 0 == x + 1
local b = (-0) + x
print(-0, 0, a, b)
local c = -0 - x * 0
print(c, 0)
]=])()
print('--')
loadstring([=[
local x = 2
if -0 < x then print(0, -0) end
local y = {[-0] = 1}
print(next(y))
]=])()
print('--')
loadstring([=[
local x = 3
print((2^53) + x, -0 == x, 0)
print(-0)
]=])()
print('--')
loadstring([=[
local x = 3
local a = x .. -0
print(a, 0)
]=])()
print('--')
loadstring([=[
local a = {-0, 0}
print(a[1], a[2])
]=])()
print('--')
loadstring([=[
local t = {}
t[1 - 1] = 'a'
t[-0] = 'b'
for k, v in pairs(t) do print(k, v) end
]=])()
print('--')
loadstring([=[
local x = 5
if 0 <= x and x < -0 then print('in') end
print(0, -0)
]=])()
print('--')
loadstring([=[
if not not (-0) ~= 3.25 then print((string.byte("a", 3) or 0)) end
]=])()
print('--')
loadstring([=[
print(not 0 == false, rawequal(((-0) == 0x10 and 1), 2))
print((string.byte("a", 3) or 0))
]=])()
print('--')
loadstring([=[
print(((string.byte("a", 4) or 0) and (((-0) * 0.5) * 1)))
print(((string.byte("a", 1) or 0) and (-0)), (nil and 1 or 0))
]=])()
print('--')
loadstring([=[
local x = (-0) == (nil or {0})
print(0, x)
]=])()
print('--')
loadstring([=[
local b = nil
print((b and nil or 0), -0, (b or 1 and -0))
]=])()
print('--')
loadstring([=[
print(((-0) * 255 / 0) ~= 1, ((-0) - (-0)))
]=])()
print('--')
loadstring([=[
print(((7 * (-0)) and "1e2"), (true and (string.byte("%d", 0) or 0) or 100))
]=])()
print('--')
loadstring([=[
print(math.fmod(255, 0.5 - 1e15), (1e15 % 1 and (-0)))
]=])()
print('--')
loadstring([=[
print(((1/3) * (-0)) and 1, 0)
]=])()
