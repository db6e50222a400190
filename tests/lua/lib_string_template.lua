-- template expansion with gsub tables and functions
local vars = {name = "World", count = 3, pi = math.pi}
print((string.gsub("Hello, ${name}! You have ${count} items.", "%${(%w+)}", vars)))
print((string.gsub("${missing} stays", "%${(%w+)}", vars)))
print((string.gsub("pi=${pi}", "%${(%w+)}", function(k) return string.format("%.3f", vars[k]) end)))
local function expand(s, env)
  return (s:gsub("%$(%b{})", function(expr) return tostring(env[expr:sub(2, -2)]) end))
end
print(expand("a=${a}, b=${b}, ${c}", {a = 1, b = "two"}))
local html = '<a href="x">Tom & "Jerry"</a>'
print((html:gsub("[<>&\"]", {["<"] = "&lt;", [">"] = "&gt;", ["&"] = "&amp;", ['"'] = "&quot;"})))
local url = "a b&c=d/e?f"
print((url:gsub("[^%w]", function(c) return string.format("%%%02X", c:byte()) end)))
print((("%41%42%43"):gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)))
