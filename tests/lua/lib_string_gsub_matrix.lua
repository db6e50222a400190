-- gsub with function and table replacements over anchors, empty matches and max counts
local pats = {"", "^", "$", "^a", "a*", "a-", "^a*", ".", "()", "^()", "(a)(b)?", "b*$", "x?"}
local subs = {"", "a", "aab", "bab", "abcab"}
for _, p in ipairs(pats) do
  for _, s in ipairs(subs) do
    for _, m in ipairs({-1, 0, 1, 2, 10}) do
      local r1, n1 = string.gsub(s, p, function(c) return "<" .. tostring(c) .. ">" end, m)
      local r2, n2 = string.gsub(s, p, {a = "A", [1] = "one"}, m)
      local r3, n3 = string.gsub(s, p, function() return nil end, m)
      print(p, s, m, r1, n1, r2, n2, r3, n3)
    end
  end
end
