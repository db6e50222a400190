local Animal = {}
Animal.__index = Animal
function Animal.new(name) return setmetatable({name = name}, Animal) end
function Animal:speak() return self.name .. ' makes a sound' end
function Animal:kind() return 'animal' end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name) return setmetatable(d, Dog) end
function Dog:speak() return self.name .. ' barks' end
local Puppy = setmetatable({}, {__index = Dog})
Puppy.__index = Puppy
function Puppy.new(name) return setmetatable(Dog.new(name), Puppy) end
function Puppy:speak() return Dog.speak(self) .. ' softly' end
local a, d, p = Animal.new('cat'), Dog.new('rex'), Puppy.new('bit')
print(a:speak(), d:speak(), p:speak())
print(a:kind(), d:kind(), p:kind())
print(getmetatable(p) == Puppy, rawget(p, 'speak'))
local count = 0
local Counted = setmetatable({}, {__index = function(t, k) count = count + 1 return nil end})
local _ = Counted.a, Counted.b
print(count)
