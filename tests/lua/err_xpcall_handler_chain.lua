-- An xpcall handler that calls xpcall with itself: every level's handler runs again one
-- C level deeper until lua5.1's error-handling zone is exhausted (LUA_ERRERR).
print(pcall(function() local function h(e) return select(2, xpcall(error, h)) end return xpcall(error, h) end))
local function h(e) return select(2, xpcall(error, h)) end
print(xpcall(error, h))
print(pcall(xpcall, error, h))
-- The same with a Lua error and a counter of handler runs.
local n = 0
local function h2(e) n = n + 1 return select(2, xpcall(function() local x = nil + 1 end, h2)) end
print(xpcall(function() local y = {} .. 1 end, h2), n)
n = 0
print(pcall(function() return xpcall(function() error("x") end, h2) end), n)
-- A handler that errors itself.
print(xpcall(error, function(e) error(e) end))
print(xpcall(error, function(e) return nil + e end))
-- Handlers that recurse through pcall.
local depth = 0
local function h3(e) depth = depth + 1 return pcall(error, e) end
print(xpcall(error, h3), depth)
-- Error objects passing through a deep handler chain.
local function h4(e) return xpcall(function() error({e}) end, h4) end
print(select('#', xpcall(error, h4)))
-- Nested pcall chains reach C stack overflow, then everything still works.
local function nest(k) return pcall(nest, k + 1) end
print(nest(1))
local co = coroutine.wrap(function() return xpcall(error, h) end)
print(co())
print("done")
