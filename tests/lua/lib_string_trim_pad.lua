-- trimming and padding helpers
local function trim(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
local function ltrim(s) return (s:gsub("^%s+", "")) end
local function rtrim(s) return (s:gsub("%s+$", "")) end
for _, s in ipairs({"  x  ", "x", "", "   ", "\t a b \n", "a  "}) do
  print("[" .. trim(s) .. "]", "[" .. ltrim(s) .. "]", "[" .. rtrim(s) .. "]")
end
local function lpad(s, n, c) return string.rep(c or " ", n - #s) .. s end
local function rpad(s, n, c) return s .. string.rep(c or " ", n - #s) end
print(lpad("42", 6, "0"), rpad("ab", 5, ".") .. "|", lpad("toolong", 3) .. "|", string.format("%6s|%-6s|", "ab", "ab"))
local function center(s, w) local l = math.floor((w - #s) / 2) return string.rep(" ", l) .. s .. string.rep(" ", w - #s - l) end
print("[" .. center("mid", 9) .. "]", "[" .. center("even", 9) .. "]")
