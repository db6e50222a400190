-- Names in error messages for values of nested and/or/not/comparison expressions: lua5.1
-- threads jump lists through every operand (right operands included), and ldebug.c's
-- symbexec names whatever its walk along those jumps finds last in the register.
local shapes = {
  "(a and (b or c))",
  "(a or (b and c))",
  "(x or (y and z))",
  "(a and b or c and d)",
  "(n and b or c and d or e)",
  "(n and (b or n) or e)",
  "((a or b) and (c or d))",
  "(not n and t or nil or e)",
  "(not a and t or n)",
  "(n and n or false or e)",
  "(a and nil or e)",
  "(a and false or e)",
  "(a and true and e)",
  "(n or true and e)",
  "(a and 0 or e)",
  "(a and 's' or e)",
  "(0 and n or e)",
  "('s' and n or e)",
  "(nil or n or e)",
  "(false or n and t or e)",
  "(a and (b and (c or n)))",
  "(n or (b and (c and e)))",
  "(a == b and t or e)",
  "(a ~= a or n and t or e)",
  "(a < b and (n or e))",
  "(1 > 2 and g.z or nil or e)",
  "(not (a and n) and e)",
  "(not (n or n) and e)",
  "(not not e)",
  "(not a == b or e)",
  "(g and t or e)",
  "(t.y and t.x or e)",
  "(f() and n or e)",
  "(u and n or e)",
  "(n and u or ut and n or e)",
  "((a and b) and (c and d) and e)",
  "((a or b) or (c or n) or e)",
  "(a and (n or (b and e)))",
  "((n or a) and (b and n or e))",
  "(a and b and c or n and d or e)",
}
local contexts = {
  "return %s + 1",
  "return 1 + %s",
  "return %s()",
  "return %s.k",
  "return #%s",
  "return %s .. 'x'",
  "local v = %s; return v + 1",
  "local v; v = %s; return -v",
  "return h(%s)",
  "return h(1, %s)",
  "return t[%s].k",
}
local prelude = "local a, b, c, d, n, x, y, z, e = 1, 2, 3, 4, nil, 1, 2, 3 " ..
  "local t = {y = {}} local function f() return {} end local function h(p, q) return (q or p) + 1 end "
u, ut = nil, {}
g = {}
for i, s in ipairs(shapes) do
  for j, c in ipairs(contexts) do
    local src = prelude .. string.format(c, s)
    local fn = assert(loadstring(src, "=" .. i .. "." .. j))
    local ok, err = pcall(fn)
    print(i, j, s, ok, ok and "" or err)
  end
end
