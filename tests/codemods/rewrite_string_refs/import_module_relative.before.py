import importlib

a = importlib.import_module(".mod", package="pkg")
b = importlib.import_module(".mod", __package__)
c = importlib.import_module("..mod", package="pkg.sub")
d = importlib.import_module(".models", package="pkg")
