-- mutually recursive local and global functions
local parse_expr, parse_term, parse_factor
local tokens, pos
function parse_factor()
  local tok = tokens[pos]
  if tok == "(" then
    pos = pos + 1
    local v = parse_expr()
    pos = pos + 1
    return v
  end
  pos = pos + 1
  return tonumber(tok)
end
function parse_term()
  local v = parse_factor()
  while tokens[pos] == "*" or tokens[pos] == "/" do
    local op = tokens[pos]
    pos = pos + 1
    local r = parse_factor()
    if op == "*" then v = v * r else v = v / r end
  end
  return v
end
function parse_expr()
  local v = parse_term()
  while tokens[pos] == "+" or tokens[pos] == "-" do
    local op = tokens[pos]
    pos = pos + 1
    local r = parse_term()
    if op == "+" then v = v + r else v = v - r end
  end
  return v
end
local function eval(s)
  tokens, pos = {}, 1
  for num, op in string.gmatch(s .. " ", "([%d%.]*)%s*([%+%-%*/%(%)]?)") do
    if num ~= "" then tokens[#tokens + 1] = num end
    if op ~= "" then tokens[#tokens + 1] = op end
  end
  return parse_expr()
end
print(eval("1 + 2 * 3"))
print(eval("(1 + 2) * 3"))
print(eval("10 / 4 - 1"))
print(eval("2 * (3 + 4) * 5"))
print(eval("((7))"))
function g_ping(n) if n == 0 then return "ping" end return g_pong(n - 1) end
function g_pong(n) if n == 0 then return "pong" end return g_ping(n - 1) end
print(g_ping(10), g_ping(11))
