from pkg import newmod as mod
from pkg.newmod import Klass

print(mod.func(), Klass)
