-- NUL bytes in source text: llex's check_next uses strchr, so a NUL after a numeral's digits
-- counts as an exponent mark (and as its sign), and after '.' as another '.'; elsewhere a NUL
-- is token 0, for which lua5.1 prints no "near" part; chunk names end at the NUL.
local cases = {
  "return 1\0garbage", "return 1\0 garbage", "return 1\0+ 2", "return 1 +\0 2",
  "return {1\0 2}", "x = 1 .\0 2 return x", "return 1\0", "return \0 1",
  "x\0y = 1", "return 0x1\0z", "return 1e\0", "return 'a' ..\0 'b'",
}
for _, s in ipairs(cases) do
  local f, e = loadstring(s)
  if f then print("ok", pcall(f)) else print((e:gsub("%z", "<NUL>"))) end
end
