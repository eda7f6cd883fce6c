m = importlib.import_module("pkg.mod")
with mock.patch("pkg.mod.func"): ...
pytest_plugins = ["pkg.mod"]
_LAZY = {"func": "pkg.mod"}
