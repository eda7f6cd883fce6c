import pkg.newmod

print(pkg.newmod.func())
