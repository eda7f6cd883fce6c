"""Where a path is: inside a tree or not, and the tree a checkout's files can be in.

Every check that keeps Guardian out of the checkout asks the same two questions: is this path the
repository or below it (a ``PATH`` entry, ``$PAGER``, ``TMPDIR``, ``HOME``, an output file, a git
directory, a tracking database), and which directory is the checkout (:func:`checkout_root`). They are
answered here, once, for every layer, ``guardian/pythonpath.py`` included: it runs while the
``guardian`` package is imported, before any import through ``sys.path`` is safe (a ``failures/`` or
``pathlib.py`` the checkout ships on ``PYTHONPATH`` would be imported in place of Guardian's), so it
runs this file from beside its own package, and this file imports nothing but :mod:`os`, which Python
has loaded before any code runs.
"""

from __future__ import annotations

import os


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


def outermost_work_tree(start: str) -> str | None:
    """The top of the outermost git work tree holding ``start`` (a real path), else None.

    The walk goes up past every ``.git`` that is not a directory (a submodule's or a linked work tree's
    ``.git`` file, a link): the package of a monorepo can be a submodule, and the superproject around
    it is the checkout. It stops at the first ``.git`` directory, where a clone's top is (a clone below
    a home directory that is itself a git repository is not part of it).
    """
    found = None
    path = start
    while True:
        marker = os.path.join(path, ".git")
        if os.path.lexists(marker):
            found = path
            if os.path.isdir(marker) and not os.path.islink(marker):
                return path
        parent = os.path.dirname(path)
        if parent == path:
            return found
        path = parent


def checkout_root(repo: str | os.PathLike[str], cwd: str | None = None) -> str:
    """Returns: the real path of the whole checkout Guardian's root ``repo`` is part of: the tree every
    start-up and output check keeps Guardian out of (docs/trust.md).

    Guardian's root is where its configuration is; in a monorepo that is a package (``--repo pkg``, or
    a run from ``pkg/``) and the rest of the checkout is beside it. What the checkout ships beside the
    root (``node_modules/.bin``, a ``tmp`` or ``docs`` symlink, a ``lib`` on ``PYTHONPATH``) is no more
    the user's than what is under it (issue 11, sixteenth and seventeenth reviews). The checkout is:

    * the outermost git work tree holding ``repo`` (:func:`outermost_work_tree`: a submodule's
      superproject too);
    * without any ``.git`` (a release tarball, ``git archive``, a vendored tree), and when the caller
      gives the directory Guardian runs from as ``cwd``, that directory when ``repo`` is below it:
      ``guardian --repo pkg`` run from a tarball's top names that top (never the file system's root,
      which holds everything). Only the checks that keep the checkout's code from running give it
      (programs on ``PATH``, ``PYTHONPATH``): a tree without ``.git`` has no other edge, and running
      from one's home or ``/tmp`` with ``--repo`` must not make ``HOME`` or ``TMPDIR`` "the checkout";
    * else ``repo`` itself.

    Found without running git (the start-up checks run before any git command may).
    """
    real = os.path.realpath(repo)
    top = outermost_work_tree(real)
    if top is not None or cwd is None:
        return top if top is not None else real
    here = os.path.realpath(cwd)
    if here != os.path.dirname(here) and within(real, here):
        return here
    return real


def run_tree(repo: str | os.PathLike[str], cwd: str | None) -> str:
    """Returns: the real path of the tree a user-given output path must not leave through a link: the
    checkout (:func:`checkout_root` with ``cwd``), or the directory Guardian is run from when the
    checkout is below it (never the file system's root).

    ``guardian --repo pkg plan -o docs/plan.json`` run from a tree's top names ``docs`` from there: a
    ``docs -> ../outside`` link that tree ships is no more the user's when a ``.git`` directory it
    ships inside ``pkg`` ends :func:`outermost_work_tree` there (issue 11, eighteenth review); nor is a
    ``node_modules/.bin/git`` it ships on ``PATH``. Outputs and the programs on ``PATH`` ask it: a larger
    tree costs a refused link the user typed, or a program in ``~/.local/bin`` not taken when
    ``guardian --repo proj`` is run from the home directory; for ``HOME`` itself it would refuse every
    run from a home directory, so that check asks :func:`checkout_root`.
    """
    root = checkout_root(repo, cwd)
    if cwd is None:
        return root
    here = os.path.realpath(cwd)
    if here != os.path.dirname(here) and within(root, here):
        return here
    return root
