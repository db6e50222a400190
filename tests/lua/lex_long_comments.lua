-- comments of several kinds
local x = 1 -- short comment
print(x) --[[ long comment on one line ]] print("after long comment")
--[[
multi
line
comment
]]
print("after multiline")
--[==[
  ]] does not end it
  ]=] neither
]==]
print("after level 2")
--[=[ x = 2 ]=] x = x + 10
print(x)
---[[ this is a short comment because of the third dash
print("visible because the long comment was disabled")
--]]
--[ not a long comment
print("after bracket comment")
local y = 5 --[[ inline ]] + 3
print(y)
local t = { 1, --[[ two ]] 3, -- three
  4 }
print(#t, t[1], t[2], t[3])
-- comments inside loaded chunks
local f = loadstring("--[[ c ]] return 42 -- tail")
print(f())
print(loadstring("--[[ unfinished"))
print(loadstring("return 1 --[==[ x ]=] "))
--[[]] print("empty long comment")
print(loadstring("-- only a comment") ~= nil)
