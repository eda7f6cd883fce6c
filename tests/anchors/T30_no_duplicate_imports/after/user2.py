import pkg
import pkg.newmod

print(pkg.newmod.mod_constant)
