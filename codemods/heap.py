"""Give the C heap's free memory back to the system once a large piece of work is freed.

CPython frees a batch's Rope analysis and libcst trees (the collection in
``codemods.apply_batches.release_computation``), but the C library's ``malloc`` keeps the pages of
the objects its small-object allocator does not take (strings and lists over 512 bytes, dictionary
tables) in its heap, where the next allocations reuse them and the process's resident memory stays
at its peak. On redis 8.2.0's first batch the parent, after the batch was computed and collected,
held 29,000 tracked objects and 551 MiB resident; glibc's ``malloc_trim(0)`` took it to 316 MiB
(docs/benchmarks-apply.md). :func:`trim` calls it where it exists (glibc); elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        function = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, Windows): nothing to call
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def trim() -> None:
    """The C heap's free pages returned to the system (glibc's ``malloc_trim(0)``; elsewhere nothing)."""
    function = _malloc_trim()
    if function is not None:
        function(0)
