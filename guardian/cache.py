"""The facts cache: parse results of unchanged files, kept in ``.guardian/cache/``.

An adapter for ``planner.graph.FactsCache``. Entries are keyed by a digest of the file's path,
size, inode, mtime and ctime (nanoseconds): any write moves ctime, so an edited file is never
served stale, and an unchanged one is not even read. A damaged or foreign cache file is
ignored (and rewritten), never an error: it only ever saves time.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from pathlib import Path

from planner.imports import FileFacts

CACHE_PATH = ".guardian/cache/facts.pickle"
_FORMAT = (1, sys.version_info[:2])


class PickleFactsCache:
    def __init__(self, repo: Path) -> None:
        self.path = repo / CACHE_PATH
        self.entries: dict[bytes, FileFacts] = {}
        self.used: set[bytes] = set()
        self.dirty = False
        try:
            with self.path.open("rb") as handle:
                header, entries = pickle.load(handle)
            if header == _FORMAT and isinstance(entries, dict):
                self.entries = entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            self.entries = {}

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
        """Write the entries used by this run (older ones are dropped), atomically."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        kept = {d: f for d, f in self.entries.items() if d in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".facts.")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((_FORMAT, kept), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            return  # a read-only checkout still plans, only slower
