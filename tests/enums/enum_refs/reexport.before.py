from .legacy import Old

__all__ = ["Old"]
