-- trailing and embedded nils in argument lists
local function info(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(parts, ",")
end
print(info())
print(info(nil))
print(info(nil, nil))
print(info(1, nil))
print(info(nil, 2))
print(info(nil, nil, 3, nil))
local function pass(...) return ... end
print(info(pass(nil, nil, nil)))
print(info(pass()))
local function params(a, b, c) return info(a, b, c) end
print(params(), params(1), params(1, 2, 3, 4))
local function mixed(a, ...) return a, select('#', ...) end
print(mixed(), mixed(1), mixed(1, nil), mixed(nil, nil, nil))
print(info(unpack({1, nil, 3}, 1, 3)))
