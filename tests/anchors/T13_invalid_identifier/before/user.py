from pkg import mod

print(mod.func())
