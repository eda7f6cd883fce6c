"""Input safety: batch and journal paths are untrusted; refuse anything that leaves the repository.

A path must be relative, ``/``-separated, free of ``.``/``..``/empty parts, outside ``.git`` and
``.guardian`` (a ``.git`` at any depth, in any case), and no existing component of it may be a symlink (a write through a symlink could land
anywhere). Checks run before the first write of a batch.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rollback.errors import UnsafePath

#: Top-level directories the journal never touches (its own files and git's).
RESERVED = (".git", ".guardian")


def check_relpath(path: object, *, where: str = "") -> str:
    """Validate the syntax of a repository path.

    Returns:
        The path, unchanged.

    Raises:
        UnsafePath: not a string, empty, absolute, with ``..``/``.``/empty parts, a backslash or NUL,
            or inside ``.git``/``.guardian``.
    """
    if not isinstance(path, str) or not path:
        raise UnsafePath(str(path), "not a non-empty string", where=where)
    if "\0" in path:
        raise UnsafePath(path, "contains a NUL byte", where=where)
    if "\\" in path:
        raise UnsafePath(path, "contains a backslash; use '/' separators", where=where)
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise UnsafePath(path, "is absolute", where=where)
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafePath(path, "has an empty, '.' or '..' component (it could escape the repository)", where=where)
    for part in parts:  # any depth, any case, and the spellings Windows and macOS file systems fold to it
        if part.rstrip(". ").lower() == ".git":
            raise UnsafePath(path, f"is inside a git directory ({part}/), which Guardian never changes", where=where)
    if parts[0].rstrip(". ").lower() in RESERVED:
        raise UnsafePath(path, f"is inside {parts[0]}/, which Guardian never changes", where=where)
    return path


def check_no_symlinks(root: Path, path: str, *, where: str = "") -> None:
    """Refuse a path with an existing symlink anywhere along it, the file itself included.

    Raises:
        UnsafePath: a component is a symlink, or an ancestor is not a directory.
    """
    current = root
    parts = path.split("/")
    for index, part in enumerate(parts):
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return
        except NotADirectoryError:
            raise UnsafePath(path, f"{'/'.join(parts[:index])} is a file, not a directory", where=where) from None
        if stat.S_ISLNK(info.st_mode):
            shown = "/".join(parts[: index + 1])
            raise UnsafePath(path, f"{shown} is a symlink; Guardian never writes through symlinks", where=where)
        if index < len(parts) - 1 and not stat.S_ISDIR(info.st_mode):
            raise UnsafePath(path, f"{'/'.join(parts[: index + 1])} is a file, not a directory", where=where)


def check_path(root: Path, path: object, *, where: str = "") -> str:
    """Both checks: syntax, then symlinks on disk.

    Returns:
        The validated path.

    Raises:
        UnsafePath: see :func:`check_relpath` and :func:`check_no_symlinks`.
    """
    valid = check_relpath(path, where=where)
    check_no_symlinks(root, valid, where=where)
    return valid
