-- common string utilities written with the string library
local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i, j = string.find(s, sep, start, true)
    if not i then out[#out + 1] = string.sub(s, start) break end
    out[#out + 1] = string.sub(s, start, i - 1)
    start = j + 1
  end
  return out
end
local function show(t) return "{" .. table.concat(t, "|") .. "}" .. #t end
print(show(split("a,b,c", ",")))
print(show(split("a,,c,", ",")))
print(show(split("", ",")))
print(show(split("one::two::three", "::")))
local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("  padded  ") .. "]", "[" .. trim("") .. "]", "[" .. trim("\t\nx\n") .. "]")
local function startswith(s, p) return s:sub(1, #p) == p end
local function endswith(s, p) return p == "" or s:sub(-#p) == p end
print(startswith("prefix_rest", "prefix"), startswith("ab", "abc"), endswith("file.lua", ".lua"), endswith("x", ""))
local function title(s) return (s:gsub("(%a)(%w*)", function(a, b) return a:upper() .. b:lower() end)) end
print(title("hello wORLD from LUA"))
local function count(s, sub) return select(2, s:gsub(sub, "")) end
print(count("banana", "a"), count("banana", "an"), count("banana", "x"))
local function pad(s, n, c) return s .. string.rep(c or " ", n - #s) end
print("[" .. pad("ab", 5) .. "]", "[" .. pad("abcdef", 3, "*") .. "]")
local function escape_pattern(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
print(escape_pattern("1+1=2? (yes) 100%"), ("a.b.c"):gsub(escape_pattern("."), "/"))
