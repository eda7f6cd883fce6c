from . import mod

mod.func()
