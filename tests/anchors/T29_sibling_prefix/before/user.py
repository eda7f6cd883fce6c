import pkg.mod
import pkg.models
import pkg.mod_utils

print(pkg.mod.func(), pkg.models.M, pkg.mod_utils.U)
