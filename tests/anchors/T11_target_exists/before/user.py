import pkg.mod
import pkg.newmod

print(pkg.mod.x, pkg.newmod.y)
