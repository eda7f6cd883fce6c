# pkg.newmod holds the functions
x = 1  # see pkg.newmod.func
