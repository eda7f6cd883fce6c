"""The tree a checkout's files can be in, which no start-up check may take for the user's own space.

Guardian's root is where its configuration is; in a monorepo that is a package (``--repo pkg``, or a
run from ``pkg/``) and the rest of the checkout is beside it. What the checkout ships beside the root
(``node_modules/.bin``, a ``tmp`` or ``docs`` symlink, a ``lib`` on ``PYTHONPATH``) is no more the
user's than what is under it (issue 11, sixteenth review).
"""

from __future__ import annotations

import os
from pathlib import Path


def checkout_root(repo: Path) -> Path:
    """Returns: the nearest directory at or above ``repo`` (resolved) that holds a ``.git``, else ``repo``.

    Found without running git (the start-up checks run before any git command may).
    """
    real = os.path.realpath(repo)
    path = real
    while not os.path.lexists(os.path.join(path, ".git")):
        parent = os.path.dirname(path)
        if parent == path:
            return Path(real)
        path = parent
    return Path(path)
