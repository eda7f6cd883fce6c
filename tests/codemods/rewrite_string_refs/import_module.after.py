import importlib
from importlib import import_module as load

a = importlib.import_module("pkg.newmod")
b = load("pkg.newmod")
c = importlib.util.find_spec("pkg.newmod")
d = load(name)
