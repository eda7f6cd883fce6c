from pkg import newmod as mod
newmod = 'unrelated local'
print(mod.func(), newmod)
