"""One writer at a time: an exclusive, re-entrant lock on the repository's journal.

The lock is ``flock`` on ``.guardian/journal/.lock``; the kernel drops it when its holder dies, so a
crashed process can never wedge the repository. The file also records the holder (pid, host, command,
start) for the message a second process gets (:class:`LockHeld`, exit 3). When the lock is free but the
file still names a holder, that holder died without releasing it: the lock is taken over with a warning.
Re-entrant within one thread, so a command can hold it around several journal calls.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rollback.door import open_file
from rollback.errors import LockHeld
from rollback.manifest import now_iso

LOCK_NAME = ".lock"
LOCK_REL = f".guardian/journal/{LOCK_NAME}"
_held: dict[tuple[str, int], int] = {}


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) the lock."""

    pid: int
    host: str
    command: str
    started: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} running `guardian {self.command}` since {self.started}"


def lock_path(repo: Path) -> Path:
    """Returns: the lock file of ``repo``."""
    return repo / ".guardian" / "journal" / LOCK_NAME


def _read_info(fd: int) -> LockInfo | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["command"]), str(data["started"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def pid_alive(pid: int) -> bool:
    """Returns: True when process ``pid`` exists on this host (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _default_warn(message: str) -> None:
    print(f"guardian: warning: {message}", file=sys.stderr)


@contextmanager
def repo_lock(repo: Path, command: str = "apply", *, warn: Callable[[str], None] | None = None) -> Iterator[LockInfo]:
    """Hold the repository's exclusive lock for the ``with`` block.

    Returns:
        (as the context value) this process's LockInfo.

    Raises:
        LockHeld: another live process holds it; the message names pid, host, command and start time.
    """
    path = lock_path(repo)
    key = (str(path), threading.get_ident())
    mine = LockInfo(os.getpid(), socket.gethostname(), command, now_iso())
    if key in _held:
        _held[key] += 1
        try:
            yield mine
        finally:
            _held[key] -= 1
        return
    fd = open_file(repo, LOCK_REL, os.O_RDWR | os.O_CREAT, 0o600, where="the repository lock", private=True)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_info(fd)
            raise LockHeld(
                holder.describe() if holder else "unknown holder (it is still starting)", str(path)
            ) from None
        previous = _read_info(fd)
        if previous is not None:
            state = (
                "no longer running"
                if previous.host != mine.host or not pid_alive(previous.pid)
                else "still running but no longer holding it"
            )
            (warn or _default_warn)(
                f"took over a stale lock from {previous.describe()} ({state}); "
                "its interrupted batch, if any, is recovered from the journal"
            )
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(
            fd,
            json.dumps({"pid": mine.pid, "host": mine.host, "command": mine.command, "started": mine.started}).encode(),
        )
        os.fsync(fd)
        _held[key] = 1
        try:
            yield mine
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def lock_holder(repo: Path) -> LockInfo | None:
    """Returns: the live holder of the lock, or None when it is free (never blocks, never takes it)."""
    path = lock_path(repo)
    if not path.exists():
        return None
    if any(key[0] == str(path) for key in _held):
        return LockInfo(os.getpid(), socket.gethostname(), "this process", "")
    try:
        fd = open_file(repo, LOCK_REL, os.O_RDONLY, where="the repository lock")
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_info(fd) or LockInfo(0, "?", "?", "?")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
