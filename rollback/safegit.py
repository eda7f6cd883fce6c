"""``git`` as Guardian runs it: never a program the checkout's own git configuration names.

A checkout that comes with its ``.git/`` directory (a vendored tree, a tarball, a CI cache) can set
``core.fsmonitor`` (a command ``git status`` runs) or ``core.hooksPath`` (hooks ``git add`` may
run). Every git command Guardian starts turns both off on its command line, which wins over any
configuration file.
"""

from __future__ import annotations

import os

#: The argv prefix of every git command Guardian runs.
GIT: tuple[str, ...] = ("git", "-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}")
