"""The code ↔ database results cache: each SQL text's findings for one schema, kept in
``.guardian/cache/dbcheck.json`` (an adapter for ``planner.dbcheck.ResultCache``).

Keys digest the schema's facts, the dialect, the consolidations switched and the SQL text, so a
changed schema or statement is never served stale. Like the facts cache (``guardian/cache.py``) it
is data, never code: JSON preceded by an HMAC with this user's key, every value type-checked when
read; a cache another user wrote, a checkout shipped or a damaged one is ignored and rewritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from rollback.auth import KeyUnavailable, sign, verify
from rollback.door import write_file
from rollback.errors import UnsafePath

CACHE_PATH = ".guardian/cache/dbcheck.json"
_PURPOSE = b"guardian-dbcheck-cache"
_FORMAT = 1
MAX_BYTES = 1 << 28


def _rows(value: Any) -> list[list[str]]:
    if not isinstance(value, list) or not all(
        isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row) for row in value
    ):
        raise ValueError("rows")
    return value


def _read(path: Path) -> dict[str, list[list[str]]]:
    try:
        if os.lstat(path).st_size > MAX_BYTES:
            return {}
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        mac, _, body = raw.partition(b"\n")
        if not verify(_PURPOSE, body, mac.decode("ascii")):
            return {}  # not written by this user's Guardian: never parsed
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("entries"), dict):
            return {}
        return {str(key): _rows(value) for key, value in data["entries"].items()}
    except (OSError, ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return {}


class JsonResultCache:
    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.entries = _read(repo / CACHE_PATH)
        self.used: set[str] = set()
        self.dirty = False

    def lookup(self, key: str) -> list[list[str]] | None:
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def store(self, key: str, rows: list[list[str]]) -> None:
        self.entries[key] = rows
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Keep the entries this run used, atomically, through the door; never an error."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        body = json.dumps({"format": _FORMAT, "entries": entries}, separators=(",", ":")).encode("utf-8")
        try:
            mac = sign(_PURPOSE, body)
            if mac is None:
                return
            write_file(self.repo, CACHE_PATH, mac.encode("ascii") + b"\n" + body, 0o644, durable=False)
        except (OSError, KeyUnavailable, UnsafePath):
            return
