import pkg.mod
import pkg.models
import pkg.mod_utils
