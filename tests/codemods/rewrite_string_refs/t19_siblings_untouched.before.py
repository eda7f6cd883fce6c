import importlib
from unittest import mock

m = importlib.import_module("pkg.mod")
n = importlib.import_module("pkg.models")
o = importlib.import_module("pkgXmod")
with mock.patch("pkg.mod.func"), mock.patch("pkg.models.func"): ...
pytest_plugins = ["pkg.mod", "pkg.models", "pkgXmod"]
_LAZY = {"func": "pkg.mod", "other": "pkg.models"}
