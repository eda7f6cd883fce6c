# pkg.mod holds the functions
x = 1  # see pkg.mod.func
