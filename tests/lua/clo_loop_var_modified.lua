-- modifying the loop variable inside the body affects only the closure's copy
local fs = {}
for i = 1, 3 do
  i = i * 10
  fs[#fs + 1] = function() return i end
end
print(fs[1](), fs[2](), fs[3](), #fs)
local gs = {}
for i = 1, 3 do
  gs[i] = function() i = i + 1 return i end
end
print(gs[1](), gs[1](), gs[2](), gs[3](), gs[3]())
local iterations = 0
for i = 1, 5 do
  iterations = iterations + 1
  i = 100
end
print(iterations)
local hs = {}
for k, v in ipairs({"a", "b"}) do
  v = v .. "!"
  hs[k] = function() return v end
end
print(hs[1](), hs[2]())
