from . import mod
__all__ = ['mod']
