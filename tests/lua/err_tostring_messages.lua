-- inspecting error messages as strings
local ok, msg = pcall(function() local t = nil return t.x end)
print(type(msg))
local file, line, text = string.match(msg, "^([^:]+):(%d+): (.*)$")
print(file, line, text)
ok, msg = pcall(error, "plain", 0)
print(string.match(msg, "^([^:]+):(%d+):") == nil, msg)
ok, msg = pcall(function() error("with pos") end)
print((string.gsub(msg, "%d+", "N")))
local errors = {}
for _, f in ipairs({
  function() return 1 + nil end,
  function() return #nil end,
  function() return nil .. "" end,
  function() return nil < 1 end,
  function() local n = nil return n() end,
}) do
  local _, m = pcall(f)
  errors[#errors + 1] = (string.gsub(m, "^.-:%d+: ", ""))
end
print(table.concat(errors, "\n"))
