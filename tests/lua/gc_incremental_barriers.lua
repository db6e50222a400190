-- Incremental collector: while cycles run in small steps, young objects keep moving into old
-- (already traversed) tables, cells, closures, metatables, function environments, coroutine
-- stacks and weak tables; every value is checked afterwards. A missing write barrier shows up
-- as a stale handle or a wrong value. SCALE (a global, default 1) makes it longer
-- (tests/gc.rs::barriers_hold_while_cycles_interleave runs it bigger).
local SCALE = SCALE or 1
local ROUNDS = 200 * SCALE
local K = 64

print(collectgarbage("setpause", 50), collectgarbage("setstepmul", 100))

-- Old objects: built first and traversed early in every cycle.
local old = {}
local oldkeys = {}
local oldarr = {}
for i = 1, K do
  old[i] = {id = i}
end
local function mkbox(v)
  local x = v
  return function(nv)
    if nv ~= nil then x = nv end
    return x
  end
end
local boxes = {}
for i = 1, K do boxes[i] = mkbox(false) end
local closures = {}
local holders = {}
local envfns = {}
for i = 1, K do
  envfns[i] = function() return marker end
end
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local weakonly = setmetatable({}, {__mode = "v"})
collectgarbage()

-- Coroutines whose stacks hold young objects in locals, one recursion level per resume.
local function deep(v, depth)
  local mine = v
  if depth == 0 then return mine.n end
  local nxt = coroutine.yield(depth)
  return mine.n + mine.sub[1] + deep(nxt, depth - 1)
end
local DEPTH = 40
local cos, cosum, cosleft = {}, {}, {}
local function newco(k)
  cos[k] = coroutine.create(deep)
  cosum[k] = 0
  cosleft[k] = DEPTH
end
for k = 1, 4 do newco(k) end
local codone, cototal, coexpect = 0, 0, 0

-- A queue in a hash part: new keys in, oldest out, so the part is rebuilt (same size, new
-- layout) again and again, also while the collector traverses it in chunks.
local queue, qhead, qtail = {}, 1, 0

local last = {}
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

-- A fresh young object for each place it is stored, so that nothing else keeps it alive.
local function fresh(what, round)
  return {tag = what .. round, n = round, sub = {round * 2}}
end
local function valid(y, what, round)
  return type(y) == "table" and y.tag == what .. round and y.n == round and y.sub[1] == round * 2
end

for round = 1, ROUNDS do
  local young = fresh("y", round)
  local k = rnd(K)
  last[k] = round
  -- table fields (hash part), array appends and keys
  old[k].child = young
  old[k][#old[k] + 1] = "s" .. round
  oldkeys[fresh("k", round)] = round
  oldarr[#oldarr + 1] = fresh("a", round)
  table.insert(old[k], {round})
  rawset(old[k], "raw", {n = round})
  -- constructors (SETLIST) of young tables stored into old ones
  old[k].list = {fresh("l", round), {round}, "c" .. round}
  -- cells
  boxes[k](fresh("b", round))
  -- closures capturing young locals
  local captured = fresh("f", round)
  closures[k] = function() return captured end
  -- metatables
  holders[k] = setmetatable({}, {__index = {val = fresh("m", round)}})
  if round % 3 == 0 then setmetatable(old[k], {__index = fresh("i", round)}) end
  -- function environments
  setfenv(envfns[k], {marker = fresh("e", round)})
  -- weak tables: values also held strongly survive, the others may go
  weakv[k] = young
  local wkey = fresh("w", round)
  weakk[wkey] = round
  oldkeys[wkey] = round
  weakonly[round % 97] = {n = round}
  -- coroutine stacks
  local c = (round % 4) + 1
  cosum[c] = cosum[c] + round + (cosleft[c] > 0 and round * 2 or 0)
  local ok, r = coroutine.resume(cos[c], {n = round, sub = {round * 2}}, DEPTH)
  assert(ok, r)
  if coroutine.status(cos[c]) == "dead" then
    codone = codone + 1
    cototal = cototal + r
    coexpect = coexpect + cosum[c]
    newco(c)
  else
    cosleft[c] = cosleft[c] - 1
  end
  -- string building and gmatch state (a native closure's upvalues)
  if round % 50 == 0 then
    local n = 0
    for w in ("a b c d e f g h"):gmatch("%a") do
      n = n + #(w .. round)
      local garbage = {w, {round}}
    end
    assert(n == 8 * (1 + #tostring(round)))
  end
  -- hash-part rebuilds
  for j = 1, 4 do
    qtail = qtail + 1
    queue["q" .. qtail] = fresh("q", qtail)
    if qtail - qhead >= 300 then
      queue["q" .. qhead] = nil
      qhead = qhead + 1
    end
  end
  -- values that live only in registers while steps run
  local r1, r2 = fresh("r", round), {fresh("r", round)}
  for j = 1, 4 do
    local g = {j, "g" .. j + round}
  end
  if round % 5 == 0 then collectgarbage("step", 0) end
  assert(valid(r1, "r", round) and valid(r2[1], "r", round), "registers")
end

-- Check every value.
local ok = true
local function check(c, what)
  if not c then
    ok = false
    print("FAILED", what)
  end
end
for k = 1, K do
  local r = last[k]
  if r then
    check(valid(old[k].child, "y", r), "table field " .. k)
    check(valid(boxes[k](), "b", r), "cell " .. k)
    check(valid(closures[k](), "f", r), "closure " .. k)
    check(valid(holders[k].val, "m", r), "metatable " .. k)
    check(valid(envfns[k](), "e", r), "environment " .. k)
    check(weakv[k] == old[k].child, "weak value " .. k)
    check(old[k].raw.n == r, "rawset " .. k)
    check(valid(old[k].list[1], "l", r) and old[k].list[2][1] == r and old[k].list[3] == "c" .. r,
      "constructor " .. k)
    local mt = getmetatable(old[k])
    check(mt == nil or valid(mt.__index, "i", mt.__index.n), "setmetatable " .. k)
  end
  for i, v in ipairs(old[k]) do
    if type(v) == "string" then
      check(v:sub(1, 1) == "s", "string " .. k)
    else
      check(type(v[1]) == "number", "inserted " .. k)
    end
  end
end
local cnt = 0
for y, r in pairs(oldkeys) do
  cnt = cnt + 1
  check(valid(y, "k", r) or (valid(y, "w", r) and weakk[y] == r), "key")
end
check(cnt == 2 * ROUNDS, "keys count")
for i, y in ipairs(oldarr) do
  check(valid(y, "a", i), "array")
end
check(#oldarr == ROUNDS, "array length")
for i = qhead, qtail do
  check(valid(queue["q" .. i], "q", i), "queue " .. i)
end
for _, v in pairs(weakonly) do
  check(type(v.n) == "number", "weak-only value")
end
check(cototal == coexpect, "coroutine stacks")
check(codone > 0, "coroutines finished")
-- Coroutines still suspended: finish them and check what their stacks held.
for c = 1, 4 do
  local left = cosleft[c]
  local sum = cosum[c]
  while coroutine.status(cos[c]) ~= "dead" do
    local y = {n = 1, sub = {2}}
    sum = sum + 1 + (left > 0 and 2 or 0)
    left = left - 1
    local okr, r = coroutine.resume(cos[c], y, DEPTH)
    assert(okr, r)
    if coroutine.status(cos[c]) == "dead" then check(r == sum, "suspended coroutine " .. c) end
  end
end
print("values intact", ok)

-- A full collection finishes any cycle in progress and clears the weak-only entries.
collectgarbage()
oldkeys = nil
oldarr = nil
for k = 1, K do old[k].child = nil; weakv[k] = nil end
collectgarbage()
local left = 0
for _ in pairs(weakk) do left = left + 1 end
print("weak keys left after the strong references went", left <= K)
print(type(collectgarbage("step", 0)), collectgarbage("step", 1000000))
print(collectgarbage("setpause", 200), collectgarbage("setstepmul", 200))
