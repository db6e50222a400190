-- a small CSV parser using find with init
local function parse(line)
  local res, pos = {}, 1
  while true do
    if line:sub(pos, pos) == '"' then
      local txt, i = "", pos
      repeat
        local a, b = line:find('^%b""', i)
        txt = txt .. line:sub(a + 1, b - 1)
        i = b + 1
        if line:sub(i, i) == '"' then txt = txt .. '"' end
      until line:sub(i, i) ~= '"'
      res[#res + 1] = txt
      pos = i + 1
    else
      local a = line:find(",", pos, true)
      if a then res[#res + 1] = line:sub(pos, a - 1) pos = a + 1
      else res[#res + 1] = line:sub(pos) break end
    end
    if pos > #line + 1 then break end
  end
  return res
end
for _, l in ipairs({'a,b,c', '1,"two, with comma",3', '"quoted ""inner""",x', ',,', 'single'}) do
  local r = parse(l)
  print(#r, "<" .. table.concat(r, "><") .. ">")
end
