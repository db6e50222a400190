-- locals declared inside while bodies are fresh per iteration
local fs = {}
local i = 0
while i < 4 do
  i = i + 1
  local captured = i * i
  fs[i] = function() return captured end
end
print(fs[1](), fs[2](), fs[3](), fs[4]())
local gs = {}
local n = 0
while true do
  n = n + 1
  local me = n
  gs[n] = function() me = me + 100 return me end
  if n == 3 then break end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())
local shared_outer = 0
local hs = {}
local k = 0
while k < 3 do
  k = k + 1
  hs[k] = function() shared_outer = shared_outer + k return shared_outer end
end
print(hs[1](), hs[2](), hs[3](), shared_outer)
