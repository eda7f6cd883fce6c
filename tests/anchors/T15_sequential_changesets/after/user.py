import pkg.WF1_a
import pkg.WF1_b

print(pkg.WF1_a.A, pkg.WF1_b.B)
