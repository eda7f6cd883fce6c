import pkg as p

print(p.mod.func())
