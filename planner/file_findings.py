"""What ``find_dynamic`` found in one file, kept across plans (issue 17).

``find_dynamic`` (planner/dynamic_imports.py) parses and walks every file whose bytes show a trigger, on every plan:
on sympy 1.14.0 a warm plan spent about 36 s of its 37 s of CPU there. A file's findings (its references, hazards
and the classes whose subclasses may set a table) depend on

* the file's bytes (and the directory listings its facts name, ``discovered:...`` keys, read from those bytes);
* the checkout's layout: every module's and script's name, path and kind, the other files, the top-level names, the
  files named like a module path and the shadowed submodules (:func:`layout_digest`);
* the bytes of the other modules whose files it read: the string constants it imports (planner/imported_constants.py)
  and the names a module binds (planner/module_attributes.py). Each such read is logged (:class:`ReadLog`) with the
  digest of the bytes read, and an entry keeps the digests of its file's reads: it is served only while each of
  those modules' files still holds the same bytes;
* the planner's own code and the Python version: a new Guardian never takes an older one's findings.

The key digests the first two and the code; the reads are checked when the entry is looked up. The entries live in a
:class:`FindingsCache` (guardian/findings_cache.py: signed JSON, every value type-checked when read).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from planner.discover import ModuleFile
from planner.facts import DISCOVERED, FileFacts
from planner.graph import RepoScan
from planner.hazards import Hazard
from planner.references import Reference

__all__ = ["FileFindings", "FindingsCache", "FindingsReuse", "ReadLog", "layout_digest"]

#: Bump when what an entry holds changes (its code is keyed by :func:`code_digest` already).
FINDINGS_VERSION = b"findings-1"
#: The digest of a module whose file is not in the checkout or cannot be read.
_NO_FILE = ""


@dataclass(frozen=True)
class FileFindings:
    """One file's findings and the reads of other modules' files they were made from."""

    references: tuple[Reference, ...]
    hazards: tuple[Hazard, ...]
    classes: tuple[str, ...]
    #: (module, digest of its file's bytes as read, or "" for none): each must still hold for the entry to serve
    reads: tuple[tuple[str, str], ...]


class FindingsCache(Protocol):
    """A port: findings by key (guardian/findings_cache.py)."""

    def lookup(self, key: str) -> FileFindings | None: ...

    def store(self, key: str, findings: FileFindings) -> None: ...


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


class ReadLog:
    """The modules the file now being read asked about (``asked``) and, for the whole plan, the digest of each module's
    file as it was read (the readers memoize per plan: a later file asking gets what was read then)."""

    def __init__(self) -> None:
        self.asked: set[str] = set()
        self.digests: dict[str, str] = {}

    def ask(self, module: str) -> None:
        self.asked.add(module)

    def read(self, module: str, raw: bytes | None) -> None:
        """``module``'s file was read as ``raw`` (None: it could not be). Read twice with different bytes (written
        between the two reads), it matches no file: what depends on it is never served."""
        digest = _NO_FILE if raw is None else _digest(raw)
        if self.digests.setdefault(module, digest) != digest:
            self.digests[module] = "changed while read"


@functools.cache
def code_digest() -> bytes:
    """A digest of the planner's source (every ``.py`` file of the package) and of the Python version."""
    hasher = hashlib.blake2b(sys.version.encode(), digest_size=20)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(str(path.relative_to(package)).encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.digest()


def layout_digest(scan: RepoScan) -> bytes:
    """A digest of what of the checkout besides a file's bytes ``find_dynamic`` gives each file's reader, in order."""
    hasher = hashlib.blake2b(digest_size=20)

    def files(group: bytes, entries: object) -> None:
        hasher.update(group + b"\0" + repr(entries).encode("utf-8", "surrogateescape") + b"\n")

    files(b"modules", [tuple(m) for m in scan.modules.values()])
    files(b"module names", list(scan.modules))
    files(b"scripts", [tuple(m) for m in scan.scripts])
    files(b"other", scan.other_files)
    files(b"top", sorted(scan.top_level))
    files(b"named", sorted(scan.named_files))
    files(b"shadowed", sorted(scan.shadowed.items()))
    return hasher.digest()


class FindingsReuse:
    """The keys, look-ups and stores of one ``find_dynamic`` run over ``scan`` (the checkout at ``base``); with no
    ``cache``, none: every file is read."""

    def __init__(self, cache: FindingsCache | None, base: str, scan: RepoScan, log: ReadLog) -> None:
        self.cache, self.base, self.scan, self.log = cache, base, scan, log
        self.salt = b""
        if cache is not None:
            self.salt = hashlib.blake2b(FINDINGS_VERSION + code_digest() + layout_digest(scan), digest_size=32).digest()
        self._current: dict[str, str] = {}  #: module -> the digest of its file now (read once per plan)

    def key(self, file: ModuleFile, raw: bytes, facts: FileFacts | None) -> str:
        """The key of ``file``'s entry: its bytes ``raw``, its place and its listings, the layout and the code."""
        listings = sorted(k for k in facts.bound_names if k.startswith(DISCOVERED)) if facts is not None else []
        hasher = hashlib.blake2b(self.salt, digest_size=20)
        hasher.update(repr((tuple(file), listings)).encode("utf-8", "surrogateescape") + b"\0" + raw)
        return hasher.hexdigest()

    def lookup(self, file: ModuleFile, raw: bytes, facts: FileFacts | None) -> tuple[str, FileFindings | None]:
        """``file``'s key and its entry, when every module file the entry read still holds the bytes read then.
        Without one, the log starts the file's reads."""
        self.log.asked = set()
        if self.cache is None:
            return "", None
        key = self.key(file, raw, facts)
        found = self.cache.lookup(key)
        if found is None or any(self._now(module) != digest for module, digest in found.reads):
            return key, None
        return key, found

    def store(self, key: str, found: FileFindings) -> FileFindings:
        """Store a file's findings with the reads the log has for it (``asked`` is the file's alone).

        Returns:
            ``found``.
        """
        if self.cache is not None:
            reads = tuple((module, self._now(module)) for module in sorted(self.log.asked))
            self.cache.store(key, FileFindings(found.references, found.hazards, found.classes, reads))
        return found

    def _now(self, module: str) -> str:
        """The digest of ``module``'s file as it is now (a module asked about but not read: a package the names of
        which are any, one outside the checkout)."""
        if module in self.log.digests:
            return self.log.digests[module]
        if module not in self._current:
            file = self.scan.modules.get(module)
            digest = _NO_FILE
            if file is not None:
                try:
                    with open(os.path.join(self.base, file.path), "rb") as handle:
                        digest = _digest(handle.read())
                except OSError:
                    pass
            self._current[module] = digest
        return self._current[module]
