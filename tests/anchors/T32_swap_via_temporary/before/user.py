from pkg import x, y
import pkg.x

print(x.NAME, y.NAME, pkg.x.NAME)
