from . import other
from .mod import func

__all__ = ["other", "func", "newmod", "models"]
__all__ += ["newmod"]
