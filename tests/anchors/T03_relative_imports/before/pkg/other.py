from . import mod
from .mod import func as f


def use():
    return mod.func() + f()
