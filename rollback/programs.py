"""Where Guardian finds the programs it starts (git, pg_dump, psql, the pager): never in the checkout.

An empty, ``.`` or other relative ``PATH`` entry (``PATH=:$PATH`` with an unset prefix,
``node_modules/.bin``) resolves in the current directory, which for git is the repository; and an
absolute entry can name a directory of the checkout too (``$REPO/node_modules/.bin`` added by a CI
step, an activated ``$REPO/.venv/bin``). A program the checkout ships there would run under
``--no-exec`` (issue 11). :func:`program` skips both kinds; the start-up check names the repository
with :func:`distrust` before the first program is looked up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from failures.paths import within

#: The real path of the repository Guardian runs on (set once at start-up by :func:`distrust`).
_distrusted: list[str] = []


def distrust(repo: Path) -> None:
    """Never take a program from ``repo`` (or below it), whatever ``PATH`` says."""
    _distrusted[:] = [os.path.realpath(repo)]


def program(name: str) -> str:
    """Returns: the absolute path of the program ``name`` (git, pg_dump, psql, less), found only in the
    absolute entries of ``PATH`` that are not inside the repository (:func:`distrust`).

    Raises:
        FileNotFoundError: the program is on no such entry (callers treat it as "not installed").
    """
    entries = os.environ.get("PATH", os.defpath).split(os.pathsep)
    found = shutil.which(name, path=os.pathsep.join(entry for entry in entries if _trusted(entry)))
    if found is None:
        raise FileNotFoundError(name)
    return found


def trusted_program(path: str) -> bool:
    """Whether ``path`` (a program named by its absolute path, such as ``$PAGER``) may run: it is
    absolute and outside the repository, once symlinks are resolved."""
    return os.path.isabs(path) and _trusted(os.path.dirname(path)) and _trusted(path)


def _trusted(entry: str) -> bool:
    if not os.path.isabs(entry):
        return False
    real = os.path.realpath(entry)
    return not any(within(real, root) for root in _distrusted)
