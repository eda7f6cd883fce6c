import pkg.mod as m

m.func()
