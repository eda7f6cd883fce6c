import app.feature.newmod
from app.feature import newmod as mod
from app.feature.newmod import func


def use():
    return app.feature.newmod.func() + mod.func() + func()
