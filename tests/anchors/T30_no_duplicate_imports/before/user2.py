import pkg
import pkg.mod

print(pkg.mod.mod_constant)
