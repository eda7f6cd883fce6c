import importlib
from unittest import mock

pytest_plugins = ["pkg.mod"]
_LAZY = {"func": "pkg.mod"}
OTHER = ["pkg.models", "pkgXmod"]


def load():
    m = importlib.import_module("pkg.mod")
    with mock.patch("pkg.mod.func"):
        return m
