from . import newmod as mod
from .newmod import func as f


def use():
    return mod.func() + f()
