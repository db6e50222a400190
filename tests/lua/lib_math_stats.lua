-- summary statistics over a deterministic data set
local data = {}
for i = 1, 100 do data[i] = math.fmod(i * 37, 101) / 10 end
local sum, min, max = 0, math.huge, -math.huge
for _, v in ipairs(data) do sum = sum + v min = math.min(min, v) max = math.max(max, v) end
local mean = sum / #data
local var = 0 for _, v in ipairs(data) do var = var + (v - mean) ^ 2 end var = var / (#data - 1)
table.sort(data)
local median = (data[50] + data[51]) / 2
print(string.format("n=%d sum=%.2f min=%.1f max=%.1f mean=%.4f sd=%.6f median=%.2f", #data, sum, min, max, mean, math.sqrt(var), median))
local geo = 0 for _, v in ipairs(data) do geo = geo + math.log(v) end
print(string.format("geometric=%.10g harmonic=%.10g", math.exp(geo / #data), #data / (function() local s = 0 for _, v in ipairs(data) do s = s + 1 / v end return s end)()))
