from pkg import mod
newmod = 'unrelated local'
print(mod.func(), newmod)
