local function producer(items)
  return coroutine.wrap(function() for _, v in ipairs(items) do coroutine.yield(v) end return nil end)
end
local function filter(src, pred)
  return coroutine.wrap(function() for v in src do if pred(v) then coroutine.yield(v) end end end)
end
local out = {}
for v in filter(producer({1, 2, 3, 4, 5, 6, 7, 8}), function(x) return x % 2 == 0 end) do out[#out + 1] = v end
print(table.concat(out, ','))
local acc = coroutine.wrap(function(a) local total = a while true do total = total + coroutine.yield(total) end end)
print(acc(1), acc(2), acc(3), acc(4))
local co = coroutine.create(function(...) return select('#', ...), ... end)
print(coroutine.resume(co, nil, nil))
local many = coroutine.create(function() for i = 1, 1000 do coroutine.yield(i) end return 'fin' end)
local last
for i = 1, 1001 do local ok, v = coroutine.resume(many) last = v end
print(last, coroutine.status(many))
