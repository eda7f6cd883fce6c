a = 'pkg.mod'
b = "pkg.mod"
c = """pkg.mod.func"""
d = r'pkg.mod:func'
e = u"pkg.mod"
f = b"pkg.mod"
g = ("pkg."
     "mod")
