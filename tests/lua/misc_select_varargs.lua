-- select and varargs at the top level of a chunk
print(select('#', ...))
local chunk_args = {...}
print(#chunk_args)
local f = loadstring("return select('#', ...), ...")
print(f())
print(f(nil))
print(f(1, nil, 3))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(select('#', select(2, 1, 2, 3)))
local function tail(...) return select(2, ...) end
print(tail(1), tail(1, 2), tail(1, 2, 3))
print(select(1.5, "x", "y"))
