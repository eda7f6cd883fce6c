import pkg.newmod
import pkg.models
import pkg.mod_utils

print(pkg.newmod.func(), pkg.models.M, pkg.mod_utils.U)
