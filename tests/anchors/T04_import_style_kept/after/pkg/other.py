from . import newmod as mod

mod.func()
