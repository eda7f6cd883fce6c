"""Which files of a checkout Guardian reads: regular files inside it, and nothing else.

A checkout can hold a symlink to any file of the machine (``db/notes.sql -> ~/.config/gh/hosts.yml``,
whose text a report would then quote) or to a device (``pkg/z.py -> /dev/zero``: a read that never
ends), and a tarball can hold a FIFO (a read that blocks forever) or a sparse file of terabytes that
takes no disk. Every walker of the tree asks :func:`readable` before it lists a file: a regular file
of at most :data:`MAX_FILE_BYTES`, or a symlink whose target is one inside the repository. Anything
else is not read, as git would not follow it either (a module over the size is an error: see
:func:`too_large`).

A hard link is a regular file with another name, maybe outside the repository (a tarball made by
``tar -P`` or extracted by Python's ``tarfile`` before 3.14 can link ``db/notes.sql`` to
``~/.netrc``): a file with more than one name is not read either, and is remembered so that the
command line names it in a one-line warning (:func:`skipped_hard_links`). Git never makes one in a
work tree, nor does ``shutil.copytree``; a module that is one is an error (:func:`hard_link`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Container, Iterator
from pathlib import Path

from failures.hard_links import second_names
from failures.paths import within
from planner.config import skipped_dir

__all__ = [
    "MAX_FILE_BYTES",
    "hard_link",
    "inside",
    "readable",
    "readable_status",
    "real_root",
    "skip_large",
    "skipped_hard_links",
    "skipped_large",
    "too_large",
    "walk",
    "walk_names",
]

#: The largest file Guardian reads (the largest hand-written or generated module is a few MiB).
MAX_FILE_BYTES = 64 << 20
#: Files not read because they have more than one name: path -> number of names (in the order met).
_skipped_links: dict[str, int] = {}
#: Data files not read, or read in part, because of their size: path -> what was left unread.
_skipped_large: dict[str, str] = {}


def real_root(root: Path | str) -> str:
    """The repository's real path, the argument :func:`readable` compares against."""
    return os.path.realpath(root)


def inside(path: Path | str, root: str) -> bool:
    """Whether ``path``, with every symlink resolved, lies in the real repository ``root``."""
    return within(os.path.realpath(path), root)


def readable(path: Path | str, root: str) -> bool:
    """Whether Guardian may read ``path``: a regular file, or a symlink to one inside ``root``
    (the repository's :func:`real_root`). One ``lstat`` for a plain file."""
    return readable_status(path, root) is not None


def readable_status(path: Path | str, root: str) -> os.stat_result | None:
    """The status of the file Guardian would read at ``path`` (what ``os.stat`` gives: a regular
    file's own, a symlink's target's), None when it may not read it (see :func:`readable`)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        if not stat.S_ISLNK(info.st_mode) or not inside(path, root):  # a FIFO, a device, a socket, a way out
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
    names = second_names(info)
    if names is not None:  # the same file as one elsewhere, maybe outside the repository
        _skipped_links[os.fspath(path)] = names
        return None
    return info if info.st_size <= MAX_FILE_BYTES else None


def hard_link(path: Path | str) -> int | None:
    """The number of names of ``path`` (a symlink followed) when it is a regular file with more
    than one, else None: a file :func:`readable` refused for that reason."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return second_names(info)


def skipped_hard_links() -> list[tuple[str, int]]:
    """The files not read since the last call because they are hard links: (path as given, number
    of names), in the order met; forgotten once returned."""
    found = list(_skipped_links.items())
    _skipped_links.clear()
    return found


def skip_large(path: str, what: str) -> None:
    """Remember that the data file ``path`` was not read whole (``what``: why), for a one-line warning."""
    _skipped_large[path] = what


def skipped_large() -> list[tuple[str, str]]:
    """The data files :func:`skip_large` noted since the last call, in the order met; forgotten once returned."""
    found = list(_skipped_large.items())
    _skipped_large.clear()
    return found


def too_large(path: Path | str) -> int | None:
    """The size of ``path`` when it is a regular file larger than :data:`MAX_FILE_BYTES`, else None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES else None


def walk(repo: Path, base: Path, suffix: str) -> Iterator[Path]:
    """Every file under ``base`` (a directory of the repository ``repo``) whose name ends with
    ``suffix`` and that Guardian may read, sorted directory by directory; virtual envs, caches,
    VCS and hidden directories are pruned, and symlinked directories are not entered."""
    return map(Path, walk_names(repo, base, suffix))


def walk_names(repo: Path, base: Path, suffix: str, known: Container[str] = frozenset()) -> Iterator[str]:
    """:func:`walk`'s files as strings (``os.path.join`` of ``base`` and the rest): no ``Path`` per file.

    ``known``: files (named as this walk names them) that this run found readable already (the
    scan's discovery, which asks :func:`readable` of each file it lists): not asked again, an
    ``lstat`` each (two thirds of the walk's time)."""
    root = real_root(repo)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not skipped_dir(dirpath, d))
        for name in sorted(filenames):
            if name.endswith(suffix):
                path = os.path.join(dirpath, name)
                if path in known or readable(path, root):
                    yield path
