from pkg import *

print(mod.func())
