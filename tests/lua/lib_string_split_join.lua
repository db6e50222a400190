-- splitting and joining with find/gmatch/gsub/concat
local function split(s, sep, plain)
  local out, init = {}, 1
  while true do
    local a, b = string.find(s, sep, init, plain)
    if not a then out[#out + 1] = s:sub(init) break end
    out[#out + 1] = s:sub(init, a - 1)
    init = b + 1
  end
  return out
end
local function show(t) return "{" .. table.concat(t, "|") .. "} " .. #t end
print(show(split("a,b,,c", ",", true)))
print(show(split("a.b.c", ".", true)))
print(show(split("one  two   three", "%s+")))
print(show(split("", ",", true)))
print(show(split(",", ",", true)))
print(show(split("key=val=x", "=", true)))
local words = {} for w in ("  leading and trailing  "):gmatch("%S+") do words[#words + 1] = w end print(show(words))
print(table.concat(split("2024-01-15", "-", true), "/"), (("a b c"):gsub(" ", ", ")))
local lines = {} for l in ("l1\nl2\n\nl4"):gmatch("([^\n]*)\n?") do lines[#lines + 1] = "[" .. l .. "]" end print(table.concat(lines))
