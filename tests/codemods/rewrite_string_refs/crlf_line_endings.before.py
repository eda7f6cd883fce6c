import importlib

m = importlib.import_module("pkg.mod")  # crlf
