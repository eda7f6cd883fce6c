import pkg.sympify

print(pkg.sympify(1))
