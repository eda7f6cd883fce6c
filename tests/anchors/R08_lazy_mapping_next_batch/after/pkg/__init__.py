"""A package that imports its submodules on first use (PEP 562)."""

import importlib

_SUBMODULES = {
    "converters": "WF1_V7_L1_1of2_converters",
    "WF1_V7_L1_1of2_converters": "WF1_V7_L1_1of2_converters",
    "validators": "WF1_V7_L1_2of2_validators",
    "WF1_V7_L1_2of2_validators": "WF1_V7_L1_2of2_validators",
}
__all__ = ["converters", "validators"]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{_SUBMODULES[name]}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
