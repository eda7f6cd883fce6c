m = importlib.import_module("pkg.newmod")
with mock.patch("pkg.newmod.func"): ...
pytest_plugins = ["pkg.newmod"]
_LAZY = {"func": "pkg.newmod"}
