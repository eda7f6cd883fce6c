"""The findings cache: what ``find_dynamic`` found in each file, kept in ``.guardian/cache/findings.json``.

An adapter for ``planner.file_findings.FindingsCache``. An entry's key digests the file's bytes, the checkout's
layout and the planner's code; the entry names the other modules' files it was made from, with the digest of
each one's bytes, and is served only while they are unchanged (planner/file_findings.py).

Stored, signed and read back by :class:`guardian.signed_cache.SignedJsonCache`, like the facts cache: data, never
code (signed JSON, every value type-checked when read); a foreign, damaged or malformed cache is ignored.
"""

from __future__ import annotations

import sys
from typing import Any

from guardian.signed_cache import SignedJsonCache
from planner.file_findings import FileFindings
from planner.hazards import Hazard
from planner.references import Reference

CACHE_PATH = ".guardian/cache/findings.json"
_REFERENCE_ROW = (str, int, str, str, str)  #: path, line, kind, text, module
_HAZARD_ROW = (str, str, str, int, str)  #: kind, module, path, line, detail
_READ_ROW = (str, str)  #: module, digest of its file's bytes


def _rows(value: Any, types: tuple[type, ...], what: str) -> list[list[Any]]:
    """``value``, a list of rows each of exactly ``types`` (``type`` is exact: a bool is not taken for an int).

    Raises:
        ValueError: anything else.
    """
    if type(value) is not list or not all(type(row) is list and tuple(map(type, row)) == types for row in value):
        raise ValueError(what)
    return value


def _from_json(value: Any) -> FileFindings:
    """Raises: ValueError for anything but what :func:`_to_json` writes."""
    if type(value) is not list or len(value) != 4:
        raise ValueError("entry")
    references, hazards, classes, reads = value
    if type(classes) is not list or not all(type(name) is str for name in classes):
        raise ValueError("classes")
    return FileFindings(
        tuple(Reference(*row) for row in _rows(references, _REFERENCE_ROW, "references")),
        tuple(Hazard(*row) for row in _rows(hazards, _HAZARD_ROW, "hazards")),
        tuple(classes),
        tuple((module, digest) for module, digest in _rows(reads, _READ_ROW, "reads")),
    )


def _to_json(found: FileFindings) -> list[Any]:
    return [
        [[r.path, r.line, r.kind, r.text, r.module] for r in found.references],
        [[h.kind, h.module, h.path, h.line, h.detail] for h in found.hazards],
        list(found.classes),
        [list(read) for read in found.reads],
    ]


class JsonFindingsCache(SignedJsonCache[FileFindings]):
    """Findings by the key planner/file_findings.py computes (a port: ``planner.file_findings.FindingsCache``)."""

    PATH = CACHE_PATH
    PURPOSE = b"guardian-findings-cache"
    FORMAT = [1, list(sys.version_info[:2])]
    MAX_BYTES = 1 << 30

    def decode(self, value: Any) -> FileFindings:
        return _from_json(value)

    def encode(self, value: FileFindings) -> Any:
        return _to_json(value)

    def lookup(self, key: str) -> FileFindings | None:
        return self.get(key)

    def store(self, key: str, findings: FileFindings) -> None:
        self.put(key, findings)
