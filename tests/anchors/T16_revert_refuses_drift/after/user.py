import pkg.WF1_a

print(pkg.WF1_a.A)
