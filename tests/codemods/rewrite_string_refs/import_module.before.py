import importlib
from importlib import import_module as load

a = importlib.import_module("pkg.mod")
b = load("pkg.mod")
c = importlib.util.find_spec("pkg.mod")
d = load(name)
