"""Where a path is: inside a tree or not, and the tree a checkout's files can be in.

Every check that keeps Guardian out of the checkout asks the same two questions: is this path the
repository or below it (a ``PATH`` entry, ``$PAGER``, ``TMPDIR``, ``HOME``, an output file, a git
directory), and which directory is the checkout (:func:`checkout_root`). They are answered here,
once, for every layer. ``guardian/pythonpath.py`` keeps its own two-line copies: it runs while the
``guardian`` package is imported, before any import that searches ``sys.path`` is safe (a
``failures/`` the checkout ships on ``PYTHONPATH`` would be imported in place of this one).
"""

from __future__ import annotations

import os
from pathlib import Path


def within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it, compared as strings.

    Both are the caller's to normalise the same way: real paths (:func:`os.path.realpath`: symlinks
    resolved, ``..`` and doubled or trailing separators folded) for a question about the file system,
    or both as written. ``root`` may be ``/`` or end in a separator; ``/repo2`` is not below ``/repo``.
    Case counts: on a case-insensitive file system ``/Repo`` and ``/repo`` are different here.
    """
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def nearest_holding(start: str, markers: tuple[str, ...] = (".git",)) -> str | None:
    """The nearest directory, ``start`` or above, holding one of ``markers`` (a file, a directory or a
    link, even a dangling one), else None.

    The path is walked as given (a caller that wants real directories resolves ``start`` first), and
    nothing is run: a ``.git`` is where git's own discovery stops (no ``GIT_DIR`` reaches git).
    """
    path = start
    while not any(os.path.lexists(os.path.join(path, marker)) for marker in markers):
        parent = os.path.dirname(path)
        if parent == path:
            return None
        path = parent
    return path


def checkout_root(repo: Path) -> Path:
    """Returns: the nearest directory at or above ``repo`` (resolved) that holds a ``.git``, else ``repo``
    (resolved).

    Guardian's root is where its configuration is; in a monorepo that is a package (``--repo pkg``, or
    a run from ``pkg/``) and the rest of the checkout is beside it. What the checkout ships beside the
    root (``node_modules/.bin``, a ``tmp`` or ``docs`` symlink, a ``lib`` on ``PYTHONPATH``) is no more
    the user's than what is under it (issue 11, sixteenth review), so the start-up and output checks
    protect this whole tree. Found without running git (the start-up checks run before any git
    command may).
    """
    real = os.path.realpath(repo)
    return Path(nearest_holding(real) or real)
