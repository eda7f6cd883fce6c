from pkg import newmod as mod
config = {'mod': mod.func()}   # mod result
