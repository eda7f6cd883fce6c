"""A package whose imports bind its submodules implicitly: the package has the attribute ``shapes`` once imported."""

from .shapes import *
from .colours import Palette

__all__ = ["Circle", "Palette"]
