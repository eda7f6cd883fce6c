import importlib

a = importlib.import_module(".newmod", package="pkg")
b = importlib.import_module(".newmod", __package__)
c = importlib.import_module("..newmod", package="pkg.sub")
d = importlib.import_module(".models", package="pkg")
