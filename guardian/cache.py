"""The facts cache: parse results of unchanged files, kept in ``.guardian/cache/facts.json``.

An adapter for ``planner.scan.FactsCache``. Entries are keyed by a digest of the file's path,
size, inode, mtime and ctime (nanoseconds): any write moves ctime, so an edited file is never
served stale, and an unchanged one is not even read.

The cache is data, never code: JSON (a format that cannot run anything when read), preceded by an
HMAC made with this user's key (``rollback.auth``), and every value is type-checked when read. A
cache a checkout ships, one another user wrote, or a damaged one is ignored (and rewritten), never
an error: it only ever saves time.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from planner.facts import FileFacts, ImportFact, StringFact
from rollback.auth import KeyUnavailable, sign, verify
from rollback.door import write_file
from rollback.errors import UnsafePath

CACHE_PATH = ".guardian/cache/facts.json"
_PURPOSE = b"guardian-facts-cache"
_FORMAT = [2, list(sys.version_info[:2])]
#: A cache larger than this is not read (a checkout of a million files stays far below it).
MAX_BYTES = 1 << 30
_OPTIONAL_STR = (str, type(None))
_IMPORT_TYPES: tuple[type | tuple[type, ...], ...] = (
    int,
    str,
    str,
    int,
    _OPTIONAL_STR,
    _OPTIONAL_STR,
    bool,
    bool,
    bool,
    bool,
)


def _facts_to_json(facts: FileFacts) -> list[Any]:
    return [
        [list(i) for i in facts.imports],
        [[s.line, s.kind, s.text] for s in facts.strings],
        facts.bound_names,
        facts.dunder_all,
        sorted(facts.other_names),
        None if facts.syntax_error is None else list(facts.syntax_error),
        facts.shim,
    ]


def _facts_from_json(value: Any) -> FileFacts:
    """Raises: ValueError for anything but what :func:`_facts_to_json` writes."""
    if not isinstance(value, list) or len(value) != 7:
        raise ValueError("entry")
    imports, strings, bound, dunder_all, other, syntax_error, shim = value
    facts = FileFacts("")
    for row in imports:
        if not isinstance(row, list) or len(row) != 10 or not all(isinstance(v, t) for v, t in zip(row, _IMPORT_TYPES)):
            raise ValueError("import")
        facts.imports.append(ImportFact(*row))
    for row in strings:
        if not (
            isinstance(row, list)
            and len(row) == 3
            and isinstance(row[0], int)
            and isinstance(row[1], str)
            and isinstance(row[2], str)
        ):
            raise ValueError("string")
        facts.strings.append(StringFact(row[0], row[1], row[2]))
    if not isinstance(bound, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in bound.items()):
        raise ValueError("bound_names")
    if not all(isinstance(n, str) for n in dunder_all) or not all(isinstance(n, str) for n in other):
        raise ValueError("names")
    if syntax_error is not None and not (
        isinstance(syntax_error, list)
        and len(syntax_error) == 2
        and isinstance(syntax_error[0], int)
        and isinstance(syntax_error[1], str)
    ):
        raise ValueError("syntax_error")
    if not isinstance(shim, bool):
        raise ValueError("shim")  # noqa: TRY004 - every malformed value is one ValueError, caught by _read
    facts.bound_names = bound
    facts.dunder_all = list(dunder_all)
    facts.other_names = set(other)
    facts.syntax_error = None if syntax_error is None else (syntax_error[0], syntax_error[1])
    facts.shim = shim
    return facts


def _read(path: Path) -> dict[bytes, FileFacts]:
    """The entries of an authentic, well-formed cache file; empty for anything else."""
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
        return {bytes.fromhex(digest): _facts_from_json(value) for digest, value in data["entries"].items()}
    except (OSError, ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return {}


class JsonFactsCache:
    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.path = repo / CACHE_PATH
        self.entries: dict[bytes, FileFacts] = _read(self.path)
        self.used: set[bytes] = set()
        self.dirty = False

    def lookup(self, digest: bytes) -> FileFacts | None:
        found = self.entries.get(digest)
        if found is not None:
            self.used.add(digest)
        return found

    def store(self, digest: bytes, facts: FileFacts) -> None:
        self.entries[digest] = facts
        self.used.add(digest)
        self.dirty = True

    def save(self) -> None:
        """Write the entries used by this run (older ones are dropped), atomically, through the door."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        entries = {d.hex(): _facts_to_json(f) for d, f in self.entries.items() if d in self.used}
        body = json.dumps({"format": _FORMAT, "entries": entries}, separators=(",", ":")).encode("utf-8")
        try:
            mac = sign(_PURPOSE, body)
            if mac is None:
                return
            write_file(self.repo, CACHE_PATH, mac.encode("ascii") + b"\n" + body, 0o644, durable=False)
        except (OSError, KeyUnavailable, UnsafePath):
            return  # a read-only checkout (or home) still plans, only slower; an unsafe .guardian/ is
            # reported by the start-up check
