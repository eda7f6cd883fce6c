"""A lazy package whose table is its public list: ``from pkg import *`` imports every submodule."""

__all__ = ["easter", "rrule"]


def __getattr__(name):
    import importlib

    if name in __all__ or name == "zone":
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
