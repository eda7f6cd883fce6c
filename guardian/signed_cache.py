"""The one signed-JSON store behind Guardian's caches (``.guardian/cache/*.json``).

A cache is data, never code: JSON (a format that cannot run anything when read), preceded by an
HMAC made with this user's key (``rollback.auth``), and every value is type-checked when read (a
subclass's :meth:`SignedJsonCache.decode` raises ``ValueError`` for anything it did not write). A
cache a checkout ships, one another user wrote, or a damaged one is ignored (and rewritten), never
an error: it only ever saves time. ``save`` keeps the entries this run used, atomically, through
the door bound to the repository.

The file holds one entry per line, ``key<TAB>value as JSON``, after a header line naming the
format: an entry's JSON is parsed when the run first asks for it, and written back as the bytes
read when the run did not change it. One batch of ``apply`` looks at a few hundred of 20,000
entries: parsing the whole file as one JSON document, then encoding it again to save, cost a
third of a second of that batch's CPU at 20,000 modules (issue 17).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

import orjson

from failures.regular_files import read_regular
from rollback.auth import KeyUnavailable, sign, verify
from rollback.door import write_file
from rollback.errors import UnsafePath

V = TypeVar("V")


class SignedJsonCache(Generic[V]):
    """String keys to values of one kind, in the file ``PATH`` of the repository."""

    PATH: ClassVar[str]
    PURPOSE: ClassVar[bytes]  #: what the HMAC is for: one cache's file never verifies as another's
    FORMAT: ClassVar[object]  #: a file of another format is ignored
    #: A cache larger than this is not read (a checkout of a million files stays far below it).
    MAX_BYTES: ClassVar[int] = 1 << 30

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        #: key -> the entry's JSON as read from the file (decoded by :meth:`get` when first asked
        #: for: a run that looks at a few entries of 20,000 parses no other), or the value :meth:`put` gave
        self.entries: dict[str, Any] = self._read(repo / self.PATH)
        self._decoded: dict[str, V] = {}
        self._put: set[str] = set()
        self.used: set[str] = set()
        self.dirty = False

    def decode(self, value: Any) -> V:
        """A value read from the file. Raises: ValueError for anything :meth:`encode` does not write."""
        raise NotImplementedError

    def encode(self, value: V) -> Any:
        """A value as JSON data."""
        raise NotImplementedError

    def get(self, key: str) -> V | None:
        found = self._decoded.get(key)
        if found is None:
            raw = self.entries.get(key)
            if raw is None:
                return None
            try:
                found = self.decode(_loads(raw))
            except (ValueError, TypeError, KeyError, RecursionError):
                del self.entries[key]  # not what encode writes: a miss (the rest of the file stays valid)
                self.dirty = True
                return None
            self._decoded[key] = found
        self.used.add(key)
        return found

    def has(self, key: str) -> bool:
        """Whether the cache holds ``key`` (not decoded yet; counted as used by this run)."""
        if key in self.entries:
            self.used.add(key)
            return True
        return False

    def put(self, key: str, value: V) -> None:
        self.entries[key] = value
        self._decoded[key] = value
        self._put.add(key)
        self.used.add(key)
        self.dirty = True

    def _header(self) -> bytes:
        """The first line of the body: the format (a file of another one, an older Guardian's, is ignored)."""
        return _ENCODER.encode({"format": self.FORMAT, "layout": "lines"}).encode("ascii")

    def _read(self, path: Path) -> dict[str, bytes]:
        """The entries (key -> JSON text) of an authentic, well-formed cache file; empty for anything else."""
        try:
            raw = read_regular(path, self.MAX_BYTES)
            mac, _, body = raw.partition(b"\n")
            if not verify(self.PURPOSE, body, mac.decode("ascii")):
                return {}  # not written by this user's Guardian: never parsed
            header, _, rest = body.partition(b"\n")
            lines = rest.split(b"\n")
            if header != self._header() or lines.pop() != b"":  # every line ends with a line break
                return {}
            entries = {}
            for line in lines:
                key, tab, value = line.partition(b"\t")
                if not tab:
                    return {}
                entries[key.decode("ascii")] = value
            return entries
        except (OSError, ValueError, TypeError, UnicodeDecodeError, RecursionError):
            return {}

    def save(self) -> None:
        """Write the entries used by this run (older ones are dropped), atomically, through the door:
        an entry read from the file and not replaced is written back as it was read."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        lines = [self._header()]
        for key, value in self.entries.items():
            if key in self.used and key.isascii() and "\t" not in key and "\n" not in key:  # hex digests all
                text = _ENCODER.encode(self.encode(value)).encode("ascii") if key in self._put else value
                lines.append(key.encode("ascii") + b"\t" + text)
        body = b"\n".join(lines) + b"\n"
        try:
            mac = sign(self.PURPOSE, body)
            if mac is None:
                return
            # it quotes the files (string literals, SQL): 0600 in a 0700 directory, like the journal
            write_file(self.repo, self.PATH, mac.encode("ascii") + b"\n" + body, 0o600, durable=False, private=True)
        except (OSError, KeyUnavailable, UnsafePath):
            return  # a read-only checkout (or home) still works, only slower; an unsafe .guardian/ is
            # reported by the start-up check


#: Compact JSON in ASCII: a value's text holds no line break (one per entry) and no tab.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _loads(body: bytes) -> Any:
    """``json.loads(body)``, by orjson's parser: a warm plan reads every entry of the facts cache,
    megabytes, and orjson takes 40% less time for them than the standard library (bench/plan_bench.py). What
    orjson refuses (an escaped lone surrogate, which ``json.dumps`` writes for a string that is not
    valid Unicode) goes to the standard library's, which reads every file ``save`` writes."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)
