"""Output files the user names (``plan -o``, ``enums sql -o``), written through the door.

Inside the repository such a file is one of the tree's: no symlink is followed anywhere under the
repository. Outside, the path is the user's own choice: its directory is trusted, and only the file
name itself must not be a symlink. Either way the write is :func:`rollback.door.write_file`'s
(a temporary file renamed over the target).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from failures.paths import run_tree, within
from rollback.door import write_file
from rollback.errors import OutputUnwritable


def split_target(repo: Path, target: Path) -> tuple[Path, str]:
    """Where a user-given output path is written from: ``(base, relative path)``.

    Inside the repository (the whole checkout, or the tree Guardian is run from when the repository is
    below it: :func:`failures.paths.run_tree`) the base is that tree (no symlink is followed anywhere under it);
    outside, the path is the user's own choice: its directory is the base, and only the file name
    itself must not be a symlink. A path is inside when any of its leading parts is the repository or
    in it once symlinks are resolved: ``~/proj/db/plan.json`` with ``~/proj`` a link to the repository
    is inside, and a ``db`` symlink the checkout ships is then refused, never followed out.
    """
    absolute = Path(os.path.abspath(target))
    try:
        here: str | None = os.getcwd()
    except OSError:  # the current directory was removed
        here = None
    root = run_tree(repo, here)  # a monorepo's package: the rest of the checkout, and the tree run from
    parts = absolute.parts
    for cut in range(1, len(parts)):
        real = os.path.realpath(Path(*parts[:cut]))
        if within(real, root):
            rel = Path(os.path.relpath(real, root), *parts[cut:])
            return Path(root), rel.as_posix().removeprefix("./")
    return absolute.parent, absolute.name


def write_output(repo: Path, target: Path, data: bytes, mode: int | None = None) -> None:
    """Write a user-requested output file (``plan -o``, ``enums sql -o``) through the door.

    Raises:
        UnsafePath: as :func:`write_file`.
        OutputUnwritable: its directory is missing (outside the repository, none is made), is not one, or
            cannot be written: exit 2, naming the file (review 17; it was an internal error).
        OSError: the write failed otherwise (a full disk, say).
    """
    base, rel = split_target(repo, target)
    if mode is None:
        mode = _mode_for(base, rel)
    try:
        write_file(base, rel, data, mode, where="output")
    except OSError as exc:
        if exc.errno not in _USER_ERRORS:
            raise
        raise OutputUnwritable(str(target), exc) from None


#: What the path the user gave can be wrong with: no such directory, not a directory, not writable.
_USER_ERRORS = (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS)


def _mode_for(base: Path, rel: str) -> int:
    """The file's current permission bits, or those a new file gets under the umask."""
    try:
        info = os.lstat(base / rel)
        if stat.S_ISREG(info.st_mode):
            return info.st_mode & 0o7777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
