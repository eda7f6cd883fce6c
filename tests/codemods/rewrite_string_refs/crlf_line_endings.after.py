import importlib

m = importlib.import_module("pkg.newmod")  # crlf
