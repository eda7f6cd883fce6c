"""A package that uses a submodule by the name importing it bound: no import statement names it."""

from .WF1_V7_L1_1of1_registry import *

WF1_V7_L1_1of1_registry.setup()


def registered():
    return sorted(WF1_V7_L1_1of1_registry.TABLE)


def counted(registry=None):
    return len(registry or ())  # a parameter of the same name: not the submodule


class Holder:
    registry = "an attribute, not the submodule"
