import importlib
from unittest import mock

pytest_plugins = ["pkg.newmod"]
_LAZY = {"func": "pkg.newmod"}
OTHER = ["pkg.models", "pkgXmod"]


def load():
    m = importlib.import_module("pkg.newmod")
    with mock.patch("pkg.newmod.func"):
        return m
