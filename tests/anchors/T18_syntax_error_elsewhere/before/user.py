import pkg.mod

print(pkg.mod.func())
