# guardian-shim: pkg.rules -> pkg.WF1_V7_L1_1of1_rules
"""Deprecated: this module is now another; import that instead.

``pkg.rules`` is now ``pkg.WF1_V7_L1_1of1_rules``. Compatibility shim written
by Guardian (the package reaches this path at run time). Importing it makes
``pkg.rules`` the very same module object as ``pkg.WF1_V7_L1_1of1_rules``. The
Retirement phase removes this file; do not edit it.
"""

import sys as _sys
from typing import TYPE_CHECKING

# pytest rewrites the asserts of what this path imports: the new module's too
if type(__loader__).__name__ == "AssertionRewritingHook":  # pragma: no cover
    __import__("pytest").register_assert_rewrite("pkg.WF1_V7_L1_1of1_rules")

import pkg.WF1_V7_L1_1of1_rules as _target

if TYPE_CHECKING:  # pragma: no cover
    from pkg.WF1_V7_L1_1of1_rules import *  # noqa: F401,F403

_sys.modules[__name__] = _target
