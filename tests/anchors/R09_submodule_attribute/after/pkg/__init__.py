"""A package whose imports bind its submodules implicitly: the package has the attribute ``shapes`` once imported."""

from .WF1_V7_L1_1of2_shapes import *
from . import (  # guardian-binding: old name kept until guardian retire
    WF1_V7_L1_1of2_shapes as shapes,
)
from .WF1_V7_L1_2of2_colours import Palette

__all__ = ["Circle", "Palette"]
