HANDLERS = {"pkg.newmod": handle, 'mod': other, "pkg.newmod.func": 1}
NAME = 'mod'
