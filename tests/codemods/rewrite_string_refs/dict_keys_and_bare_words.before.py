HANDLERS = {"pkg.mod": handle, 'mod': other, "pkg.mod.func": 1}
NAME = 'mod'
