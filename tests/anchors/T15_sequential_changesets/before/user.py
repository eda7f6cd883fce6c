import pkg.a
import pkg.b

print(pkg.a.A, pkg.b.B)
