-- Issue 15 item 5: luaH_next's error is raised while the C function next runs: no position.
print(pcall(next, {}, "k"))
print(pcall(function() return next({}, "k") end))
print(pcall(function() local t = {a = 1} return next(t, "zz") end))
print(pcall(table.foreach, {}, print))
local ok, e = pcall(next, {1, 2}, 3)
print(ok, e)
