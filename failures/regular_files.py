"""How Guardian reads a metadata file a checkout may have shipped: git's (``.git/objects/info/alternates``,
a linked worktree's ``gitdir``) and its own (``.guardian/journal/...``, ``.guardian/cache/...``).

A plain ``open()`` of a FIFO waits for a writer for ever, and one of a device reads without end: a
tarball's ``.git/objects/info/alternates`` FIFO hung every command, and a shipped journal entry's
``history/1/manifest.json`` FIFO hung ``guardian journal 1`` (issue 11, seventeenth review). So every
such file is opened without waiting (``O_NONBLOCK``), never through a symlink at its last component
(``O_NOFOLLOW``), read only when ``fstat`` says it is a regular file, and only up to a limit. One
rule for every layer, here once.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The file is a FIFO, a socket or a device: it is not read (an ``OSError``, like any unreadable file)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__("not a regular file (a FIFO, socket or device: reading it could wait for ever)")
        self.path = str(path)


def read_regular(path: str | Path, limit: int) -> bytes:
    """Returns: the bytes of the regular file ``path``, at most ``limit`` of them.

    Raises:
        NotRegularFile: it is a FIFO, socket or device (opened without waiting, never read).
        OSError: it cannot be opened, or its last component is a symlink (``ELOOP``).
        ValueError: it holds more than ``limit`` bytes.
    """
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(max(info.st_size + 1, 1 << 16), limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise ValueError(f"larger than {limit} bytes")
    return b"".join(chunks)
