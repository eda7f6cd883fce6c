from ..newmod import func
from .. import newmod as mod


def use():
    return func() + mod.mod_constant
