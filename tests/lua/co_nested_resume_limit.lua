-- Nested resumes count toward lua5.1's C-call limit (nCcalls carries across resume):
-- "C stack overflow" at the same depth, through wrap (positioned by the wrapper) and resume.
local function f(n) if n == 0 then return 'bottom' end return coroutine.wrap(f)(n - 1) end
for _, n in ipairs{150, 197, 198, 250} do
  local ok, e = pcall(f, n)
  print(n, ok, #e, e:sub(-30))
end
local function g(n)
  if n == 0 then return 'bottom' end
  local co = coroutine.create(g)
  local ok, v = coroutine.resume(co, n - 1)
  return v
end
for _, n in ipairs{150, 197, 198, 250} do print(n, pcall(g, n)) end
-- a pcall inside a deep coroutine chain shares the same budget
local function h(n)
  if n == 0 then return select(2, pcall(function() return 'inner' end)) end
  return coroutine.wrap(h)(n - 1)
end
print(pcall(h, 150))
print(pcall(h, 196))
