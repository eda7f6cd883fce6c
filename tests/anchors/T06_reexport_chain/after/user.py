import pkg as p

print(p.newmod.func())
