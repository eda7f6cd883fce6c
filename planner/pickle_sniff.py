"""Pickled data known by its bytes, whatever the file is called.

Pickles were read only under a pickle suffix (``.pickle``, ``.pkl``, ``.pck``, ``.dat``, ``.gpickle``),
but older scientific code saves them as ``point.p``, ``model.bin`` or with no suffix at all: nothing was
listed, no shim kept the pickled module path, and ``pickle.load`` raised ``ModuleNotFoundError`` after the
rename. A file of another name is a pickle when it starts as protocols 2 and later do (``\\x80`` and the
protocol's number) and its first :data:`SNIFF_BYTES` parse as pickle opcodes (``pickletools.genops``): to
its ``STOP``, or up to the end of what was read when the file is longer. So is a file that starts as gzip, bz2,
xz or zlib data whose first :data:`SNIFF_BYTES` decompress to such a start (``point.gz``, ``shape``): two bytes
are decompressed first, the rest only after a pickle's header. Two bytes are read of any other file, never more.
"""

from __future__ import annotations

import io
import lzma
import os
import pickle
import pickletools
import stat
import zlib

from planner.checkout_files import MAX_FILE_BYTES
from planner.pickled_data import compression

__all__ = ["SNIFF_BYTES", "looks_pickled"]

#: What is parsed of a file that starts like a pickle to tell whether it is one.
SNIFF_BYTES = 1 << 20
#: The first two bytes of bz2 and xz data, whose magic is longer (three, six bytes)
_COMPRESSED_STARTS = frozenset({b"BZ", b"\xfd7"})
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
        if head in _COMPRESSED_STARTS:
            head += os.read(descriptor, 4)
        decompress = compression(head)
        if decompress is None and not _header(head):
            return False
        head += os.read(descriptor, SNIFF_BYTES - len(head))
    except OSError:
        return False
    finally:
        os.close(descriptor)
    whole = len(head) >= info.st_size
    if decompress is not None:  # ``point.gz``: a pickle inside?
        try:
            if not _header(decompress(head, 2)):
                return False
            head, whole = (data := decompress(head, SNIFF_BYTES)), whole and len(data) < SNIFF_BYTES
        except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError):
            return False
    return parses(head, whole=whole)


def _header(head: bytes) -> bool:
    """Does ``head`` start as a pickle of protocol 2 or later does?"""
    return len(head) >= 2 and head[0] == pickle.PROTO[0] and 2 <= head[1] <= pickle.HIGHEST_PROTOCOL


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
