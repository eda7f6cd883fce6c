from pkg import mod
import os

print(mod.mod_constant, os.sep)
