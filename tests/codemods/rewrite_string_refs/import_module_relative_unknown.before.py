import importlib

a = importlib.import_module(".mod", package=PACKAGE)
