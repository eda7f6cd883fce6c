"""mypy's per-module sections in an INI file: ``[mypy-pkg.mod]``, ``[mypy-pkg.mod,pkg.other.*]``.

mypy reads ``mypy.ini``, ``.mypy.ini`` and ``setup.cfg``; a section whose name starts with ``mypy-`` holds the
options of the modules its comma-separated patterns name (a module path, or one ending in ``.*`` for its
submodules). The header is no prose and no other tool's name: each pattern is a module path by definition,
so a renamed module's path there is rewritten as a configuration value is (it was a ``section-header``
follow-up, and the options stopped applying to the renamed module).
"""

from __future__ import annotations

import re

__all__ = ["mypy_patterns"]

_HEADER = re.compile(r"\s*\[\s*mypy-([^\]]*)\]\s*(?:[#;].*)?\Z")
_PATTERN = re.compile(r"[^,\s]+")


def mypy_patterns(line: str) -> list[tuple[int, int]]:
    """The spans of the module patterns of a ``[mypy-...]`` header ``line``, in order; none for another line."""
    header = _HEADER.match(line)
    if header is None:
        return []
    return [(header.start(1) + m.start(), header.start(1) + m.end()) for m in _PATTERN.finditer(header.group(1))]
