a = 'pkg.newmod'
b = "pkg.newmod"
c = """pkg.newmod.func"""
d = r'pkg.newmod:func'
e = u"pkg.newmod"
f = b"pkg.newmod"
g = ("pkg."
     "newmod")
