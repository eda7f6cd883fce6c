from ..mod import func
from .. import mod


def use():
    return func() + mod.mod_constant
