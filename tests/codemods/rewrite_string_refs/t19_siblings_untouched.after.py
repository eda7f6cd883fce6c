import importlib
from unittest import mock

m = importlib.import_module("pkg.newmod")
n = importlib.import_module("pkg.models")
o = importlib.import_module("pkgXmod")
with mock.patch("pkg.newmod.func"), mock.patch("pkg.models.func"): ...
pytest_plugins = ["pkg.newmod", "pkg.models", "pkgXmod"]
_LAZY = {"func": "pkg.newmod", "other": "pkg.models"}
