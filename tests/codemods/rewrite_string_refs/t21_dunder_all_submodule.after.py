from . import mod
__all__ = ['newmod']
