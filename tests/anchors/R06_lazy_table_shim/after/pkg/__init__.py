"""A package that imports its submodules on first use (PEP 562), from a table it also extends."""

import importlib

_SUBMODULES = {"converters", "WF1_V7_L1_1of2_converters", "validators"}
_EXTRA = {"plugins"}
__all__ = ["converters", "validators"]


def __getattr__(name):
    if name in _SUBMODULES | _EXTRA:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
