"""The bytes of a data file that may hold pickles, decompressed when its name says so.

Test data is often pickled and compressed: networkx's flow tests load ``gl1.gpickle.bz2``, whose
pickle names ``networkx.classes.digraph``. After the rename ``pickle.load`` raised
``ModuleNotFoundError`` unless the old path stayed alive, and the compressed bytes hid the path from
the planner. A name ending in a pickle suffix, or in one followed by ``.gz``, ``.bz2``, ``.xz`` or
``.lzma``, is read (a regular file, at most :data:`~planner.checkout_files.MAX_FILE_BYTES`) and
decompressed to at most :data:`MAX_PICKLE_BYTES`: a decompression bomb is cut there, never expanded whole.
A pickle not read whole is named in a one-line warning (``skip_large``): its module paths may need ``--shims``.
Data that starts as gzip, bz2, xz or zlib data is decompressed whatever its name (:func:`unpacked`: a pickle
compressed under another name, ``point.gz``, ``shape``, found by planner/pickle_sniff.py, or in a bytes or base64
literal).
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from collections.abc import Callable
from pathlib import Path

from failures.regular_files import read_regular
from planner.checkout_files import MAX_FILE_BYTES, skip_large

__all__ = ["COMPRESSED_SUFFIXES", "MAX_PICKLE_BYTES", "compression", "read_pickled", "unpacked"]

#: What a pickle's decompressed bytes may hold before the rest is left unread (and said so).
MAX_PICKLE_BYTES = MAX_FILE_BYTES


def _gzip(data: bytes, limit: int) -> bytes:
    return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(data, limit)


def _bz2(data: bytes, limit: int) -> bytes:
    return bz2.BZ2Decompressor().decompress(data, max_length=limit)


def _lzma(data: bytes, limit: int) -> bytes:
    return lzma.LZMADecompressor().decompress(data, max_length=limit)


def _zlib(data: bytes, limit: int) -> bytes:
    return zlib.decompressobj().decompress(data, limit)


_DECOMPRESS: dict[str, Callable[[bytes, int], bytes]] = {".gz": _gzip, ".bz2": _bz2, ".xz": _lzma, ".lzma": _lzma}
#: The first bytes of compressed data, and how to decompress it.
_MAGIC: tuple[tuple[bytes, Callable[[bytes, int], bytes]], ...] = (
    (b"\x1f\x8b", _gzip),
    (b"BZh", _bz2),
    (b"\xfd7zXZ\x00", _lzma),
)
_ERRORS = (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError)


def compression(head: bytes) -> Callable[[bytes, int], bytes] | None:
    """How to decompress data starting with ``head`` (gzip, bz2, xz; zlib's two-byte header), None for other data."""
    for magic, decompress in _MAGIC:
        if head.startswith(magic):
            return decompress
    if len(head) >= 2 and head[0] == 0x78 and (head[0] * 256 + head[1]) % 31 == 0:
        return _zlib
    return None


def unpacked(data: bytes, limit: int) -> bytes:
    """``data`` decompressed (to at most ``limit`` bytes) when it starts as compressed data, else itself; what
    does not decompress is itself too."""
    decompress = compression(data[:6])
    if decompress is None:
        return data
    try:
        return decompress(data, limit)
    except _ERRORS:
        return data


#: The compression suffixes a pickle file's name may end with.
COMPRESSED_SUFFIXES = tuple(_DECOMPRESS)


def read_pickled(path: Path, limit: int) -> bytes | None:
    """The bytes of the data file ``path`` (at most ``limit`` on disk), decompressed by its suffix; None
    when it cannot be read, is not a regular file, is larger than ``limit`` or is not what its suffix says."""
    try:
        raw = read_regular(path, limit)
    except (OSError, ValueError):
        return None
    decompress = _DECOMPRESS.get(path.suffix.lower()) or compression(raw[:6])
    if decompress is None:
        return raw
    try:
        data = decompress(raw, MAX_PICKLE_BYTES)
    except _ERRORS:
        return None
    if len(data) >= MAX_PICKLE_BYTES:
        skip_large(str(path), f"read its first {MAX_PICKLE_BYTES} bytes decompressed only")
    return data
