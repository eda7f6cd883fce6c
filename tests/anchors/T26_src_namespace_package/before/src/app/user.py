import app.feature.mod
from app.feature import mod
from app.feature.mod import func


def use():
    return app.feature.mod.func() + mod.func() + func()
