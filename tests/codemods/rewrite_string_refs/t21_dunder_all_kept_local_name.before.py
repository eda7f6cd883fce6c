from . import newmod as mod
__all__ = ['mod']
