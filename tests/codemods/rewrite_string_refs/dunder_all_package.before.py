from . import other
from .mod import func

__all__ = ["other", "func", "mod", "models"]
__all__ += ["mod"]
