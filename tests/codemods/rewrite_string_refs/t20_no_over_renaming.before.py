from pkg import mod
config = {'mod': mod.func()}   # mod result
