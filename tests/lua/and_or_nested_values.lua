-- Values, evaluation order and control flow of nested and/or/not/comparisons (right operands
-- that are chains themselves), in value and condition contexts, with constants on either
-- side; and which of 0/-0 a shared constant holds (the order lcode.c adds them in).
local function W(x) io.write("<", tostring(x), ">") return x end
local shapes = {
  "a and (b or c)", "a or (b and c)", "n or (b and c)", "n and (b or c)",
  "a and b or c and d", "n and b or n and d or e", "(a or b) and (c or d)",
  "(n or f) and (c or d)", "not n and a or b", "not a and a or b", "not (a and n) or b",
  "not (n or f) and c", "a and not b or c", "n or not (a or b) or c",
  "a and nil or c", "a and false or c", "n or true and c", "n and true or c",
  "a and 0 or c", "a and 's' or c", "0 and n or c", "'s' and n or c",
  "nil or n or c", "false or f or c", "a and (b and (c or n))", "n or (f or (n and c))",
  "a == b and c or d", "a ~= b and c or d", "a < b and (n or c)", "a > b or (n and c) or d",
  "a <= b and not (c >= d)", "not (a == b) or (c ~= d and e)",
  "(a and b) and (c and d) and e", "(a or b) or (c or d) or e",
  "a and (n or (b and e))", "(n or a) and (b and n or e)",
  "a and b and c or n and d or e", "f or n and f or n",
  "(a and n) == (f or n)", "(a or n) < (b and c)",
}
local env = {a = 1, b = 2, c = 3, d = 4, e = 5, n = nil, f = false}
for i, s in ipairs(shapes) do
  -- side effects: every operand is W(...), so the evaluation order shows
  local ws = s:gsub("%f[%w](%a)%f[%W]", function(v) return env[v] ~= nil and "W(" .. v .. ")" or (v == "n" and "W(n)" or v) end)
  local src = "local W, a, b, c, d, e, n, f = ...\n" ..
    "local v = " .. ws .. "\n" ..
    "io.write(' = ', tostring(v))\n" ..
    "if " .. ws .. " then io.write(' if') else io.write(' else') end\n" ..
    "local k = 0 while " .. ws .. " do k = k + 1 if k == 2 then break end end io.write(' while', k)\n" ..
    "k = 0 repeat k = k + 1 until " .. ws .. " or k == 2 io.write(' repeat', k)\n" ..
    "local t = {" .. ws .. ", (" .. ws .. ")} io.write(' t', tostring(t[1]), tostring(t[2]))\n" ..
    "v = not (" .. ws .. ") io.write(' not ', tostring(v))\n"
  io.write(i, " ", s, ": ")
  local fn = assert(loadstring(src, "=" .. i))
  fn(W, env.a, env.b, env.c, env.d, env.e, env.n, env.f)
  print()
end
-- the shared 0/-0 constant: whichever is added first is stored
local zeros = {
  "local x = 1 local v = x and 0 or -0 return v, 0, -0",
  "local x = 1 local v = x and -0 or 0 return v, 0, -0",
  "local x = nil local v = x or -0 and 0 return v, 0, -0",
  "local x = nil local v = (x and 0) or (x or -0) return v, 0, -0",
  "local x = 1 local v = not x or -0 return v, 0, -0",
  "local x = 1 local v = x == 0 or -0 return v, 0, -0",
  "local x = 1 local v = -0 == x or 0 return v, 0, -0",
  "local x = 1 if x and (0 or -0) then return 0, -0 end",
  "local x = 1 if not (-0 and x) then return 1 end return 0, -0",
  "local x = 1 local v = (x or 0) and (-0 or x) return v, 0, -0",
  "local x = 1 local v = x and (x or 0) or -0 return v, 0, -0",
  "local x = 1 local v = 's' and -0 or 0 return v, 0, -0",
  "local x = 1 local v = nil or x and -0 return v, 0, -0",
}
for i, s in ipairs(zeros) do
  print(i, assert(loadstring(s, "=z" .. i))())
end
