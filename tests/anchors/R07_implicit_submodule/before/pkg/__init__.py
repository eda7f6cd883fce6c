"""A package that uses a submodule by the name importing it bound: no import statement names it."""

from .registry import *

registry.setup()


def registered():
    return sorted(registry.TABLE)


def counted(registry=None):
    return len(registry or ())  # a parameter of the same name: not the submodule


class Holder:
    registry = "an attribute, not the submodule"
