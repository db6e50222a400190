-- numeric series: compare library results with summed series
local function exp_series(x) local s, term = 1, 1 for n = 1, 30 do term = term * x / n s = s + term end return s end
for _, x in ipairs({0, 0.5, 1, 2, -1}) do print(x, string.format("%.12f %.12f", exp_series(x), math.exp(x))) end
local function sin_series(x) local s, term = x, x for n = 1, 15 do term = -term * x * x / ((2 * n) * (2 * n + 1)) s = s + term end return s end
for _, x in ipairs({0, 0.5, 1, math.pi / 2, math.pi}) do print(string.format("%.6f %.12f %.12f", x, sin_series(x), math.sin(x))) end
local pi = 0 for k = 0, 1000 do pi = pi + (-1) ^ k / (2 * k + 1) end print(string.format("%.10f", 4 * pi))
local sq = 1 for i = 1, 20 do sq = (sq + 2 / sq) / 2 end print(sq == math.sqrt(2), string.format("%.15g", sq))
