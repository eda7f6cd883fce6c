import pkg.a

print(pkg.a.A)
