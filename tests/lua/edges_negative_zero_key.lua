-- A -0 table key keeps its sign (it hashes as 0; the first stored of 0/-0 stays), as in lua5.1
-- and Redis's built-in (issue 15: next gives -0, cjson.encode writes {"-0":1}).
local t = {} t[-0] = 1 local k = next(t) print(k, 1/k)
local t2 = {[-0] = 2} local k2 = next(t2) print(k2, 1/k2)
local t3 = {} t3[0] = 1 t3[-0] = 2 local k3, v3 = next(t3) print(k3, 1/k3, v3)
local t4 = {} rawset(t4, -0, 5) for k, v in pairs(t4) do print(k, 1/k, v) end
local z = -0 local t5 = {} t5[z] = 1 print(1/next(t5))
