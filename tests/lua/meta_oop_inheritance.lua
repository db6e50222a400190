-- class hierarchies built with metatables
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  local self = setmetatable({}, Animal)
  self.name, self.sound = name, sound
  return self
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local self = Animal.new(name, "woof") return setmetatable(self, Dog) end
function Dog:kind() return "dog" end
function Dog:fetch() return self.name .. " fetches" end
local Puppy = setmetatable({}, {__index = Dog})
Puppy.__index = Puppy
function Puppy.new(name) local self = Dog.new(name) return setmetatable(self, Puppy) end
function Puppy:speak() return Dog.speak(self) .. " (squeaky)" end
local a, d, p = Animal.new("cat", "meow"), Dog.new("rex"), Puppy.new("bit")
for _, o in ipairs({a, d, p}) do print(o:speak(), o:kind()) end
print(d:fetch(), p:fetch(), pcall(function() return a:fetch() end))
print(getmetatable(p) == Puppy, getmetatable(d) == Dog)
local function isinstance(o, cls)
  local mt = getmetatable(o)
  while mt do
    if mt == cls then return true end
    local parent = getmetatable(mt)
    mt = parent and parent.__index
  end
  return false
end
print(isinstance(p, Animal), isinstance(p, Dog), isinstance(d, Puppy), isinstance(a, Dog))
Animal.legs = 4
print(p.legs, rawget(p, "legs"))
