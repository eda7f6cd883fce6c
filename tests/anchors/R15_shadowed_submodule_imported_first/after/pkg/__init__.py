from . import WF1_V7_L2_2of2_width as _width_module  # the legacy submodule, loaded before the name is rebound

from ._impl import width

__all__ = ["width"]
