"""Loggers a logging configuration names by a module's last part (issue 13, breaker c24).

``logging.getLogger(__name__.rsplit(".", 1)[-1])`` names the logger ``worker``; ``dictConfig({"loggers":
{"worker": {"level": "DEBUG"}}})`` configures it by that name. Renamed, the logger is ``WF1_..._worker``, the
configuration no longer reaches it, and its records were lost (``[] == ['working']``). A logger's tail that a
configuration of the checkout spells keeps its module (planner/name_tail_plan.py); one no configuration names
keeps nothing: it is only shown.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["configured"]

_SUFFIXES = (".py", ".ini", ".cfg", ".conf", ".yaml", ".yml", ".json", ".toml")
_SKIPPED = {".git", ".guardian", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist"}
#: Words one of which a file holds that configures loggers by name.
_CONFIGURES = (b"loggers", b"getLogger(", b"[logger_", b"qualname")
_LIMIT = 2 * 1024 * 1024


class _Texts:
    """The checkout's files that configure loggers, read once a plan (only when a tail is given to a logger)."""

    def __init__(self, root: Path) -> None:
        self.found: list[tuple[str, bytes]] = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not d.startswith("."))
            for name in sorted(names):
                if not name.endswith(_SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                try:
                    if os.path.getsize(path) > _LIMIT:
                        continue
                    with open(path, "rb") as handle:
                        raw = handle.read()
                except OSError:
                    continue
                if any(word in raw for word in _CONFIGURES):
                    self.found.append((os.path.relpath(path, root).replace(os.sep, "/"), raw))


_CACHE: list[tuple[Path, _Texts]] = []


def configured(root: Path, tail: str, reader: str) -> str | None:
    """``path:line`` of a file (not ``reader``) that spells the logger ``tail`` as a configuration does: a quoted
    ``"worker"``, ``[logger_worker]``, ``qualname = worker``."""
    if not _CACHE or _CACHE[0][0] != root:
        _CACHE[:] = [(root, _Texts(root))]
    word = re.escape(tail.encode())
    spelled = re.compile(rb"""["']%s["']|\[logger_%s\]|qualname\s*[=:]\s*%s\b""" % (word, word, word))
    for path, raw in _CACHE[0][1].found:
        match = spelled.search(raw) if path != reader else None
        if match is not None:
            line = raw.count(b"\n", 0, match.start()) + 1
            return f"{path}:{line}"
    return None
