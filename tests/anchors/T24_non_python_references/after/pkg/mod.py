# guardian-shim: pkg.mod -> pkg.newmod
"""Deprecated: ``pkg.mod`` is now ``pkg.newmod``; import that instead.

Compatibility shim written by Guardian (the package reaches this path at run
time). Importing it makes ``pkg.mod`` the very same module object as
``pkg.newmod``. The Retirement phase removes this file; do not edit it.
"""

import sys as _sys
from typing import TYPE_CHECKING

# pytest rewrites the asserts of what this path imports: the new module's too
if type(__loader__).__name__ == "AssertionRewritingHook":  # pragma: no cover
    __import__("pytest").register_assert_rewrite("pkg.newmod")

import pkg.newmod as _target

if TYPE_CHECKING:  # pragma: no cover
    from pkg.newmod import *  # noqa: F401,F403

_sys.modules[__name__] = _target
