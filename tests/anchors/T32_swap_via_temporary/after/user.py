from pkg import y as x, x as y
import pkg.y

print(x.NAME, y.NAME, pkg.y.NAME)
