import pkg.WF1_sympify

print(pkg.sympify(1))
