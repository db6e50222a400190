-- an uncaught error ends the program after earlier output
print("before the error")
local function validate(n)
  if n < 0 then
    error("negative input: " .. n)
  end
  return n
end
print(validate(3))
print(validate(-1))
print("never printed")
