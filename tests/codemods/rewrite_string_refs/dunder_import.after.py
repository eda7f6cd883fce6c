def load():
    return __import__("pkg.newmod", fromlist=["func"])
