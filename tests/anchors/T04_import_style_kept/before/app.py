from pkg import mod
from pkg.mod import Klass

print(mod.func(), Klass)
