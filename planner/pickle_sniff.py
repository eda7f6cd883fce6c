"""Pickled data known by its bytes, whatever the file is called.

Pickles were read only under a pickle suffix (``.pickle``, ``.pkl``, ``.pck``, ``.dat``, ``.gpickle``),
but older scientific code saves them as ``point.p``, ``model.bin`` or with no suffix at all: nothing was
listed, no shim kept the pickled module path, and ``pickle.load`` raised ``ModuleNotFoundError`` after the
rename. A file of another name is a pickle when it starts as protocols 2 and later do (``\\x80`` and the
protocol's number) and its first :data:`SNIFF_BYTES` parse as pickle opcodes (``pickletools.genops``): to
its ``STOP``, or up to the end of what was read when the file is longer. Two bytes are read of any other
file, never more.
"""

from __future__ import annotations

import io
import os
import pickle
import pickletools
import stat

from planner.checkout_files import MAX_FILE_BYTES

__all__ = ["SNIFF_BYTES", "looks_pickled"]

#: What is parsed of a file that starts like a pickle to tell whether it is one.
SNIFF_BYTES = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def looks_pickled(path: str) -> bool:
    """Is the regular file ``path`` (no symlink, at most :data:`MAX_FILE_BYTES`) pickled data?"""
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or not 3 <= info.st_size <= MAX_FILE_BYTES:
            return False
        head = os.read(descriptor, 2)
        if len(head) < 2 or head[0] != pickle.PROTO[0] or not 2 <= head[1] <= pickle.HIGHEST_PROTOCOL:
            return False
        head += os.read(descriptor, SNIFF_BYTES - 2)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return parses(head, whole=len(head) >= info.st_size)


def parses(data: bytes, *, whole: bool) -> bool:
    """Do ``data``'s opcodes parse, to a ``STOP`` (``whole``: the file's every byte), or to the end of
    ``data`` (the start of a longer file)?"""
    stream = io.BytesIO(data)
    try:
        for opcode, _, _ in pickletools.genops(stream):
            if opcode.name == "STOP":
                return True
    except ValueError:  # an unknown opcode, or an argument cut off by the end of ``data``
        return not whole and stream.tell() >= len(data)
    return False
