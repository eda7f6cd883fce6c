"""The one door for Guardian's own files: no write follows a symlink, none leaves its base directory.

Every file Guardian writes for itself (journal manifests, patches and SQL, the lock, ``.gitignore``,
the facts cache, ``plan -o``, ``enums sql -o``, ``init``'s configuration) goes through here. A path is
given as a base directory (the repository, trusted) and a relative path under it (untrusted: it may
name files a checkout ships). The relative path is walked one component at a time with directory file
descriptors opened ``O_NOFOLLOW | O_DIRECTORY``, so a symlink at any component is refused (ELOOP)
instead of followed, and there is no window between a check and the write. A file is written to a
temporary name in its final directory, fsynced, and renamed over the target (``rename`` replaces a
symlink itself, it never writes through it).

Raises :class:`UnsafePath` (exit 2) for a symlink or a non-directory on the way, and ``OSError`` for
the file system's own failures (ENOSPC, EACCES), which callers report with what state they left.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from failures.hard_links import second_names
from rollback.errors import UnsafePath

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def split_relpath(rel: str, *, where: str = "") -> list[str]:
    """The components of a relative, ``/``-separated path.

    Raises:
        UnsafePath: empty, absolute, with a NUL byte, or with an empty, ``.`` or ``..`` component.
    """
    if not rel or "\0" in rel or rel.startswith("/"):
        raise UnsafePath(rel, "is empty, absolute or contains a NUL byte", where=where)
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePath(rel, "has an empty, '.' or '..' component", where=where)
    return parts


def _is_link(directory: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=directory).st_mode)
    except OSError:
        return False


def _refuse(rel: str, parts: list[str], index: int, exc: OSError, where: str, directory: int) -> UnsafePath:
    shown = "/".join(parts[: index + 1])
    if exc.errno in (errno.ELOOP, errno.EMLINK) or _is_link(directory, parts[index]):
        return UnsafePath(rel, f"{shown} is a symlink; Guardian never writes through symlinks", where=where)
    return UnsafePath(rel, f"{shown} is not a directory", where=where)


@contextmanager
def open_dir(
    base: Path, parts: list[str], *, create: bool, rel: str = "", where: str = "", private: bool = False
) -> Iterator[int]:
    """A file descriptor of ``base/parts...``, every component opened without following a symlink.

    Args:
        create: make missing directories (mode 0o777 less the umask) instead of failing.
        private: make them 0o700 instead, from their creation (Guardian's journal and caches: copies
            of the user's files, maybe of a 0600 one, never readable by other users for an instant).

    Raises:
        UnsafePath: a component is a symlink or not a directory.
        FileNotFoundError: a component is missing and ``create`` is False.
    """
    fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        for index, part in enumerate(parts):
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(part, 0o700 if private else 0o777, dir_fd=fd)
                except FileExistsError:
                    pass  # another process made it, or a dangling symlink: the open below decides
                try:
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except OSError as exc:
                    raise _refuse(rel or "/".join(parts), parts, index, exc, where, fd) from None
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise
                raise _refuse(rel or "/".join(parts), parts, index, exc, where, fd) from None
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def write_file(
    base: Path,
    rel: str,
    data: bytes,
    mode: int = 0o644,
    *,
    durable: bool = True,
    exclusive: bool = False,
    where: str = "",
    private: bool = False,
) -> None:
    """Replace ``base/rel`` with ``data`` atomically, creating missing directories.

    The file is created 0o600 and gets ``mode`` before it has its name: it is never readable by
    more users than ``mode`` says.

    Args:
        durable: fsync the file and its directory (False: a cache, rebuilt if lost).
        exclusive: refuse (FileExistsError) when the target already exists.
        private: missing directories are created 0o700 (:func:`open_dir`).

    Raises:
        UnsafePath: a component of ``rel`` is a symlink or a file; the target is a directory or a symlink
            when ``exclusive``.
        OSError: the write failed (the target is then untouched, no temporary file is left).
    """
    parts = split_relpath(rel, where=where)
    with open_dir(base, parts[:-1], create=True, rel=rel, where=where, private=private) as directory:
        write_in(directory, rel, data, mode, durable=durable, exclusive=exclusive, where=where)


def write_in(
    directory: int,
    rel: str,
    data: bytes,
    mode: int = 0o644,
    *,
    durable: bool = True,
    exclusive: bool = False,
    where: str = "",
) -> None:
    """:func:`write_file` of ``rel`` in its directory, already open as ``directory`` (:func:`open_dir`:
    many files written in one directory, the journal's blobs, walk it once).

    Raises:
        UnsafePath, OSError: as :func:`write_file`.
    """
    name = split_relpath(rel, where=where)[-1]
    if exclusive and _exists(directory, name):
        raise FileExistsError(errno.EEXIST, "already exists", rel)
    _target_name(directory, rel, name, where)
    temporary = f".{name[:64]}.{secrets.token_hex(6)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=directory)
    try:
        _fill(fd, data, mode, durable=durable)
        if exclusive:
            os.link(temporary, name, src_dir_fd=directory, dst_dir_fd=directory, follow_symlinks=False)
            os.unlink(temporary, dir_fd=directory)
        else:
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        try:
            os.unlink(temporary, dir_fd=directory)
        except OSError:
            pass
        raise
    if durable:
        try:
            os.fsync(directory)
        except OSError:
            pass


def _fill(fd: int, data: bytes, mode: int, *, durable: bool) -> None:
    """Write all of ``data`` to the new file ``fd``, set its ``mode``, sync it if ``durable``, close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fchmod(fd, mode)
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _target_name(directory: int, rel: str, name: str, where: str) -> None:
    """Refuse to replace a symlink or a directory at ``name`` (a missing name is fine)."""
    try:
        info = os.lstat(name, dir_fd=directory)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):  # replacing it would be safe, but silently undo someone's link
        raise UnsafePath(rel, "is a symlink; Guardian never writes through symlinks", where=where)
    if stat.S_ISDIR(info.st_mode):
        raise UnsafePath(rel, "is a directory", where=where)


def stage_file(directory: int, data: bytes, mode: int) -> str:
    """Write ``data`` with ``mode`` to a new temporary file in the staging directory, open as
    ``directory`` (:func:`open_dir`, ``private``: it is inside the journal), not synced.

    A batch's new contents are all staged, made durable together (``rollback.fsio.sync_staged``),
    and only then renamed into the tree by :func:`place`: one flush of the file system, not one per file.

    Returns:
        The temporary file's name in the staging directory.

    Raises:
        OSError: the write failed (nothing is left).
    """
    name = f".guardian-tmp-{secrets.token_hex(8)}"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=directory)
    try:
        _fill(fd, data, mode, durable=False)
    except BaseException:
        os.unlink(name, dir_fd=directory)
        raise
    return name


def place(base: Path, source: int, name: str, rel: str, *, where: str = "") -> None:
    """Rename the staged file ``name`` of the staging directory open as ``source`` over ``base/rel``
    in one step (directories created).

    Raises:
        UnsafePath: a component of ``rel`` is a symlink, or ``rel`` is a symlink or a directory.
        OSError: the rename failed (EXDEV: ``rel`` is on another file system; the staged file stays).
    """
    parts = split_relpath(rel, where=where)
    with open_dir(base, parts[:-1], create=True, rel=rel, where=where) as directory:
        _target_name(directory, rel, parts[-1], where)
        os.replace(name, parts[-1], src_dir_fd=source, dst_dir_fd=directory)


def move(base: Path, source: str, target: str, *, where: str = "") -> None:
    """Rename ``base/source`` to ``base/target`` (a file; its directories created), following no symlink.

    Raises:
        UnsafePath: a component is a symlink, or ``source`` is a symlink. FileExistsError: ``target`` exists.
    """
    old, new = split_relpath(source, where=where), split_relpath(target, where=where)
    with open_dir(base, old[:-1], create=False, rel=source, where=where) as from_dir:
        if stat.S_ISLNK(os.lstat(old[-1], dir_fd=from_dir).st_mode):
            raise UnsafePath(source, "is a symlink; Guardian never moves symlinks", where=where)
        with open_dir(base, new[:-1], create=True, rel=target, where=where) as to_dir:
            if _exists(to_dir, new[-1]):
                raise FileExistsError(errno.EEXIST, "already exists", target)
            os.rename(old[-1], new[-1], src_dir_fd=from_dir, dst_dir_fd=to_dir)


def _exists(directory: int, name: str) -> bool:
    try:
        os.lstat(name, dir_fd=directory)
    except FileNotFoundError:
        return False
    return True


def remove(base: Path, rel: str, *, where: str = "") -> None:
    """Unlink ``base/rel`` (a symlink at the end is removed itself, never followed); gone already is fine.

    Raises:
        UnsafePath: a directory on the way is a symlink.
    """
    parts = split_relpath(rel, where=where)
    try:
        with open_dir(base, parts[:-1], create=False, rel=rel, where=where) as directory:
            os.unlink(parts[-1], dir_fd=directory)
    except FileNotFoundError:
        return


def remove_dir(base: Path, rel: str, *, where: str = "") -> None:
    """``rmdir`` of the empty directory ``base/rel``, following no symlink on the way or at the end.

    Raises:
        UnsafePath: a directory on the way is a symlink. OSError: not empty, gone, or a symlink itself.
    """
    parts = split_relpath(rel, where=where)
    with open_dir(base, parts[:-1], create=False, rel=rel, where=where) as directory:
        os.rmdir(parts[-1], dir_fd=directory)


def change_mode(base: Path, rel: str, mode: int, *, where: str = "") -> None:
    """``chmod`` of the regular file ``base/rel``, following no symlink on the way or at the end. A
    hard link (another name shares the file, maybe outside the repository) is replaced by a copy with
    ``mode``, as every write replaces: the other name keeps its mode.

    Raises:
        UnsafePath: a component, or the file itself, is a symlink or not a regular file; an unreadable
            hard link (it cannot be copied).
    """
    parts = split_relpath(rel, where=where)
    with open_dir(base, parts[:-1], create=False, rel=rel, where=where) as directory:
        info = os.lstat(parts[-1], dir_fd=directory)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath(rel, "is not a regular file (a symlink?)", where=where)
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=directory)
        except PermissionError:  # an unreadable file (mode 000): checked just above, in a verified directory
            _refuse_shared(info, rel, where)
            os.chmod(parts[-1], mode, dir_fd=directory)
            return
        try:
            if second_names(os.fstat(fd)) is None:
                os.fchmod(fd, mode)
                return
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(fd)
    write_file(base, rel, b"".join(chunks), mode, where=where)


def make_dirs(base: Path, rel: str, *, where: str = "", private: bool = False, exclusive: bool = False) -> None:
    """Create ``base/rel`` and its parents, refusing a symlink anywhere on the way.

    Args:
        private: create the missing ones 0o700 (:func:`open_dir`).
        exclusive: ``base/rel`` itself must be new (FileExistsError when anything has its name).

    Raises:
        UnsafePath: a component is a symlink or a file.
    """
    parts = split_relpath(rel, where=where)
    if exclusive:
        with open_dir(base, parts[:-1], create=True, rel=rel, where=where, private=private) as directory:
            os.mkdir(parts[-1], 0o700 if private else 0o777, dir_fd=directory)
    with open_dir(base, parts, create=True, rel=rel, where=where, private=private):
        pass


def open_file(base: Path, rel: str, flags: int, mode: int = 0o644, *, where: str = "", private: bool = False) -> int:
    """``os.open`` of ``base/rel`` that follows no symlink on the way or at the end (the lock file).
    ``private``: missing directories are created 0o700 (:func:`open_dir`).

    Returns:
        The file descriptor (the caller closes it).

    Raises:
        UnsafePath: a component, or the file itself, is a symlink; opened for writing, it is a hard link.
    """
    parts = split_relpath(rel, where=where)
    create = bool(flags & os.O_CREAT)
    with open_dir(base, parts[:-1], create=create, rel=rel, where=where, private=private) as directory:
        try:
            fd = os.open(parts[-1], flags | _NOFOLLOW, mode, dir_fd=directory)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise UnsafePath(
                    rel, "is a symlink; Guardian never opens its files through symlinks", where=where
                ) from None
            raise
    if flags & (os.O_WRONLY | os.O_RDWR):
        try:
            _refuse_shared(os.fstat(fd), rel, where)
        except BaseException:
            os.close(fd)
            raise
    return fd


def check_unshared(base: Path, rel: str, *, where: str = "") -> None:
    """Refuse ``base/rel`` when it is a hard link, before something writes to it in place (SQLite's
    files): a missing file is fine, a symlink on the way is refused as everywhere.

    Raises:
        UnsafePath: a component is a symlink, or the file has more than one name.
    """
    parts = split_relpath(rel, where=where)
    try:
        with open_dir(base, parts[:-1], create=False, rel=rel, where=where) as directory:
            _refuse_shared(os.lstat(parts[-1], dir_fd=directory), rel, where)
    except FileNotFoundError:
        return


def _refuse_shared(info: os.stat_result, rel: str, where: str) -> None:
    """A regular file with another name (a hard link a tarball made, maybe to a file outside the
    repository) is the same file: writing it in place writes the other one."""
    names = second_names(info)
    if names is not None:
        raise UnsafePath(
            rel,
            f"is a hard link ({names} names share its data, maybe outside the repository); "
            "Guardian never writes in place to one",
            where=where,
            hint=f"if it is yours, give it its own copy (`cp -p {rel} {rel}.copy && mv {rel}.copy {rel}`); "
            f"if not, remove it (`rm {rel}`): Guardian recreates it",
        )
