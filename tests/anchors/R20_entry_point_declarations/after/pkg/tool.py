# guardian-shim: pkg.tool -> pkg.WF1_V7_L1_3of4_tool
"""Deprecated: this module is now another; import that instead.

``pkg.tool`` is now ``pkg.WF1_V7_L1_3of4_tool``. Compatibility shim written by
Guardian (the package reaches this path at run time). Importing it makes
``pkg.tool`` the very same module object as ``pkg.WF1_V7_L1_3of4_tool``. The
Retirement phase removes this file; do not edit it.
"""

import sys as _sys
from typing import TYPE_CHECKING

# pytest rewrites the asserts of what this path imports: the new module's too
if type(__loader__).__name__ == "AssertionRewritingHook":  # pragma: no cover
    __import__("pytest").register_assert_rewrite("pkg.WF1_V7_L1_3of4_tool")

import pkg.WF1_V7_L1_3of4_tool as _target

if TYPE_CHECKING:  # pragma: no cover
    from pkg.WF1_V7_L1_3of4_tool import *  # noqa: F401,F403

_sys.modules[__name__] = _target
