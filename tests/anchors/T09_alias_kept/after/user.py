import pkg.newmod as m

m.func()
