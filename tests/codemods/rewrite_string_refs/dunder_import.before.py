def load():
    return __import__("pkg.mod", fromlist=["func"])
